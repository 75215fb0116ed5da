using System.Globalization;
using System.Text.Json;
using Bazaar.Analytics;
using Bazaar.Analytics.Anomalies;
using Bazaar.Analytics.Processing;
using Bazaar.Analytics.Results;
using Bazaar.Analytics.Sources;
using Bazaar.Analytics.Windows;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.BuildingBlocks.Messaging.Nats;
using Bazaar.Contracts.Analytics;
using Bazaar.DistributedTests.Infrastructure;
using Bazaar.IntegrationTests.Infrastructure;
using Bazaar.Invariants;
using Bazaar.PostgresTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Xunit;

namespace Bazaar.DistributedTests.Analytics;

/// <summary>
/// The analytics service on PostgreSQL and NATS JetStream, alone, fed a synthetic order stream: killed mid-stream and
/// started again, it stores exactly the results of one uninterrupted pass; a second service replaying the stream from
/// the start into an empty database stores the same results, to the byte.
/// </summary>
public sealed class AnalyticsStreamTests : IAsyncLifetime
{
    private readonly NatsServer _nats = new();
    private readonly string _root = Path.Combine(Path.GetTempPath(), "bazaar-analytics", Guid.NewGuid().ToString("N")[..12]);
    private PostgresServer _postgres = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        await _nats.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _nats.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task A_crash_mid_stream_and_a_replay_from_the_start_both_give_the_results_of_one_uninterrupted_pass()
    {
        var stream = SyntheticOrderStream.Create(orders: 12_000, seed: 7, start: new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero));
        await using var connection = new NatsConnection(new NatsOpts { Url = _nats.Url });
        var transport = new NatsTransport(connection, new NatsOptions { Url = _nats.Url }, new MessagingOptions(), NullLogger<NatsTransport>.Instance);

        var first = Analytics("analytics-a", "bazaar_a_");
        first.Start();
        await first.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
        // Published in slices while the service reads, so the kill below lands mid-stream, between checkpoints.
        var publishing = PublishSlowlyAsync(transport, stream);
        await Eventually.TrueAsync(async () => await PositionAsync("bazaar_a_") >= stream.Count / 4, "a quarter of the stream to be checkpointed");
        await first.KillAsync();
        Assert.False(publishing.IsCompleted, "the crash is meant to land before the end of the stream");
        first.Start();
        await publishing;
        await Eventually.TrueAsync(async () => await PositionAsync("bazaar_a_") == stream.Count, "the whole stream to be checkpointed", TimeSpan.FromMinutes(3));

        var expected = await UninterruptedPassAsync(connection, stream.Count);
        Assert.Equal(expected.Windows, await StoredWindowsAsync("bazaar_a_"));
        Assert.Equal(expected.Anomalies, await StoredAnomaliesAsync("bazaar_a_"));
        Assert.True(expected.Windows.Count > 50, $"the stream spans many windows ({expected.Windows.Count})");
        await first.DisposeAsync();

        await using var replay = Analytics("analytics-b", "bazaar_b_");
        replay.Start();
        await replay.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
        await Eventually.TrueAsync(async () => await PositionAsync("bazaar_b_") == stream.Count, "the replay to reach the end", TimeSpan.FromMinutes(3));
        Assert.Equal(expected.Windows, await StoredWindowsAsync("bazaar_b_"));
        Assert.Equal(expected.Anomalies, await StoredAnomaliesAsync("bazaar_b_"));
    }

    /// <summary>The PostgreSQL server's settings, with databases named after <paramref name="prefix"/>.</summary>
    private Dictionary<string, string?> Database(string prefix, IReadOnlyDictionary<string, string?>? more = null)
    {
        return new Dictionary<string, string?>(more ?? new Dictionary<string, string?>())
        {
            ["Bazaar:Database:Provider"] = "postgres",
            ["Bazaar:Database:Postgres:Host"] = _postgres.Host,
            ["Bazaar:Database:Postgres:Port"] = _postgres.Port.ToString(CultureInfo.InvariantCulture),
            ["Bazaar:Database:Postgres:Username"] = PostgresServer.Username,
            ["Bazaar:Database:Postgres:SslMode"] = "Disable",
            ["Bazaar:Database:Postgres:DatabasePrefix"] = prefix,
        };
    }

    private ServiceProcess Analytics(string name, string databasePrefix) =>
        new("analytics", name, Path.Combine(_root, name), new Dictionary<string, string?>(Database(databasePrefix, BazaarHost.TestSettings))
        {
            ["Bazaar:Messaging:Transport"] = "nats",
            ["Bazaar:Messaging:Nats:Url"] = _nats.Url,
            ["Bazaar:Auth:Authority"] = "http://127.0.0.1:9",
            // The shop's own windows: five minutes, an hour's sliding view, a minute of lateness.
            ["Bazaar:Analytics:WindowSize"] = null,
            ["Bazaar:Analytics:SlidingViewSize"] = null,
            ["Bazaar:Analytics:SlidingViewStep"] = null,
            ["Bazaar:Analytics:AllowedLateness"] = null,
            ["Bazaar:Analytics:CorrectionHorizon"] = null,
            // No clock ticks: the comparison is with a pass over exactly the events published.
            ["Bazaar:Analytics:ClockTickAfter"] = "01:00:00",
            ["Bazaar:Analytics:CheckpointEveryEvents"] = "500",
            ["Bazaar:Analytics:LeaseDuration"] = "00:00:02",
        });

    private static async Task PublishSlowlyAsync(NatsTransport transport, IReadOnlyList<EventEnvelope> stream)
    {
        foreach (var slice in stream.Chunk(250))
        {
            var outcome = await transport.PublishInOrderAsync(slice, CancellationToken.None);
            Assert.Null(outcome.Error);
            await Task.Delay(25);
        }
    }

    /// <summary>The engine and detector run here, in one go, over the input stream as JetStream holds it.</summary>
    private static async Task<(List<string> Windows, List<string> Anomalies)> UninterruptedPassAsync(NatsConnection connection, int count)
    {
        var options = new AnalyticsOptions();
        var run = ProcessorRun.Start(options, new AnomalyOptions());
        var published = new List<WindowResult>();
        var anomalies = new List<AnomalyDetected>();
        var js = new NatsJSContext(connection);
        var consumer = await js.CreateOrderedConsumerAsync(JetStreamSource.StreamName, new NatsJSOrderedConsumerOpts { DeliverPolicy = ConsumerConfigDeliverPolicy.All });
        var read = 0;
        await foreach (var message in consumer.ConsumeAsync<byte[]>())
        {
            run.Ingest(StreamEventReader.Read(message.Data, (long)message.Metadata!.Value.Sequence.Stream), published, anomalies);
            if (++read == count)
            {
                break;
            }
        }
        var windows = published
            .GroupBy(w => (w.Kind, w.Start))
            .Select(g => g.MaxBy(w => w.Revision)!)
            .OrderBy(w => w.Kind).ThenBy(w => w.Start)
            .Select(w => JsonSerializer.Serialize(w, EventJson.Options))
            .ToList();
        return (windows, anomalies.Select(a => a.AnomalyId).Order(StringComparer.Ordinal).ToList());
    }

    private AnalyticsDbContext Results(string prefix) => ShopDatabases.From(Database(prefix)).Analytics();

    private async Task<long> PositionAsync(string prefix)
    {
        await using var db = Results(prefix);
        try
        {
            return await db.Checkpoints.Where(c => c.Name == ProcessorCheckpoint.Main).Select(c => c.Position).SingleOrDefaultAsync();
        }
        catch (Npgsql.PostgresException)
        {
            // Not migrated yet.
            return 0;
        }
    }

    private async Task<List<string>> StoredWindowsAsync(string prefix)
    {
        await using var db = Results(prefix);
        var rows = await db.Windows.ToListAsync();
        return rows
            .Select(w => ResultStore.ReadWindow(w.Result))
            .OrderBy(w => w.Kind).ThenBy(w => w.Start)
            .Select(w => JsonSerializer.Serialize(w, EventJson.Options))
            .ToList();
    }

    private async Task<List<string>> StoredAnomaliesAsync(string prefix)
    {
        await using var db = Results(prefix);
        return [.. (await db.Anomalies.Select(a => a.Id).ToListAsync()).Order(StringComparer.Ordinal)];
    }
}
