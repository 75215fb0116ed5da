using Bazaar.DistributedTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Bazaar.DistributedTests.Faults;

/// <summary>
/// The shop on a three-node JetStream cluster with every stream replicated three times: a node killed in the middle of
/// a stream of checkouts loses no event the relay had been acknowledged for.
/// </summary>
[Collection(ClusteredShopCollection.Name)]
public sealed class NatsClusterTests(ClusteredShop shop, ITestOutputHelper output)
{
    [Fact]
    public async Task The_leader_of_orderings_stream_killed_mid_run_loses_no_acknowledged_event()
    {
        await using var stream = await CheckoutStream.StartAsync(shop, "cluster");
        await stream.WaitForMoreAsync(20);
        var leader = await JetStreamProbe.StreamLeaderAsync(shop.Nats.Url, "ordering");
        var node = Enumerable.Range(0, shop.Nats.Nodes).Single(n => NatsServer.NodeName(n) == leader);
        output.WriteLine($"killing {leader}, the leader of ordering's stream");

        await shop.Nats.StopNodeAsync(node);
        try
        {
            // The other two elect a new leader and orders keep flowing.
            await stream.WaitForMoreAsync(50);
            Assert.NotEqual(leader, await JetStreamProbe.StreamLeaderAsync(shop.Nats.Url, "ordering"));
        }
        finally
        {
            await shop.Nats.StartNodeAsync(node);
        }
        await stream.WaitForMoreAsync(20);

        // The checker finds each event every outbox marks published in its stream.
        await stream.AssertNothingBrokenAsync(shop, output);
    }
}
