using Bazaar.BuildingBlocks.Messaging.Nats;
using Bazaar.DistributedTests.Infrastructure;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Xunit;

namespace Bazaar.DistributedTests.Messaging;

[Collection(DistributedShopCollection.Name)]
public sealed class StreamTests(DistributedShop shop)
{
    [Fact]
    public async Task Every_service_has_its_file_backed_stream_from_start_up_whether_or_not_it_has_published_yet()
    {
        await using var connection = new NatsConnection(new NatsOpts { Url = shop.Nats.Url });
        var js = new NatsJSContext(connection);

        foreach (var service in DistributedShop.Services)
        {
            var stream = await js.GetStreamAsync(NatsTransport.StreamName(service));
            Assert.Equal([$"bazaar.{service}.>"], stream.Info.Config.Subjects);
            Assert.Equal(StreamConfigStorage.File, stream.Info.Config.Storage);
        }
    }
}
