using System.CommandLine;
using System.Diagnostics;
using Bazaar.Analytics;
using Bazaar.Analytics.Processing;
using Bazaar.Analytics.Sources;
using Bazaar.Bench.Arguments;
using Bazaar.Bench.Reporting;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.BuildingBlocks.Messaging.Nats;
using Bazaar.Invariants;
using Bazaar.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Bazaar.Bench.Analytics;

/// <summary>
/// The analytics service end to end from NATS JetStream: a day of order traffic is published into the ordering and
/// payment streams first; then the service starts (the real one, as <c>--services analytics</c> hosts it, its database
/// on SQLite in a scratch folder) and the time is taken from its start until its checkpoint holds the whole stream:
/// reading from JetStream, JSON, windows, anomaly detection, checkpoints, stored results and the Parquet lake.
/// </summary>
public static class StreamCommand
{
    private static readonly string[] Streams =
        [NatsTransport.StreamName("ordering"), NatsTransport.StreamName("payment"), JetStreamSource.StreamName, NatsTransport.StreamName("analytics")];

    public static Command Create()
    {
        var nats = new Option<string>("--nats") { Description = "A NATS server with JetStream of the bench's own (it publishes synthetic orders into the ordering stream): never a running shop's." }.Required();
        var events = new Option<int>("--events") { Description = "Events in the stream." }.Default(1_000_000).Between(1_000, 20_000_000);
        var seed = new Option<int>("--seed") { Description = "Seed of the generated stream." }.Default(20261126);
        var timeout = new Option<double>("--timeout") { Description = "Seconds the service may take before the run is abandoned." }.Default(600).Between(1, 86_400);
        var command = new Command("analytics-stream", "Analytics service events/s end to end from NATS JetStream.")
        {
            nats, events, seed, timeout,
        };
        command.SetBenchAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(nats)!, parse.GetValue(events), parse.GetValue(seed), TimeSpan.FromSeconds(parse.GetValue(timeout)), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string natsUrl, int count, int seed, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Report.Progress($"generating {count} envelopes");
        var stream = AnalyticsStream.Create(count, seed);
        await using var connection = new NatsConnection(new NatsOpts { Url = natsUrl, Name = "bazaar-bench" });
        var js = new NatsJSContext(connection);
        await RefuseAShopsServerAsync(js, cancellationToken);

        var natsOptions = new NatsOptions { Url = natsUrl };
        var messaging = new MessagingOptions();
        var transport = new NatsTransport(connection, natsOptions, messaging, NullLogger<NatsTransport>.Instance);

        // Created first, so it sources the events as they are published, interleaved as on a running shop.
        await using (var source = new JetStreamSource(transport, natsOptions, messaging, NullLogger<JetStreamSource>.Instance))
        {
            await source.PrepareAsync(cancellationToken);
        }
        var data = Path.Combine(Path.GetTempPath(), "bazaar-bench-analytics-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var publish = Stopwatch.StartNew();
            var published = 0;
            foreach (var slice in stream.Chunk(250))
            {
                var outcome = await transport.PublishInOrderAsync(slice, cancellationToken);
                if (outcome.Error is not null)
                {
                    throw new SetupException("publishing the stream failed", outcome.Error);
                }
                // The input stream sources the ordering and payment streams each at its own pace; a slice at a time keeps
                // them within seconds of event time of each other, as on a shop whose events come at the rate they happen.
                published += slice.Length;
                await WaitForAsync(async () => (long)(await js.GetStreamAsync(JetStreamSource.StreamName, cancellationToken: cancellationToken)).Info.State.Messages >= published, timeout, cancellationToken);
            }
            publish.Stop();
            Report.Progress($"published {count} in {publish.Elapsed.TotalSeconds:0.0} s; waiting for {JetStreamSource.StreamName} to source them");
            await WaitForAsync(async () => (long)(await js.GetStreamAsync(JetStreamSource.StreamName, cancellationToken: cancellationToken)).Info.State.Messages >= count, timeout, cancellationToken);

            string[] args =
            [
                "--services", "analytics", "--urls", "http://127.0.0.1:0",
                $"--Bazaar:DataDirectory={data}",
                "--Bazaar:Messaging:Transport=nats", $"--Bazaar:Messaging:Nats:Url={natsUrl}",
                // Nothing calls the API; an address is needed all the same.
                "--Bazaar:Auth:Authority=http://127.0.0.1:9",
                "--Bazaar:Analytics:ClockTickAfter=01:00:00",
                "--Logging:LogLevel:Default=Warning",
            ];
            await using var app = await BazaarApp.CreateAsync(args, cancellationToken: cancellationToken);
            var databases = ShopDatabases.From(new Dictionary<string, string?> { ["Bazaar:DataDirectory"] = data });
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes();
            var clock = Stopwatch.StartNew();
            await app.StartAsync(cancellationToken);
            // One context and a compiled query: the watching must not take the CPU the service is measured on. The first
            // checkpoint is noted too: from there on the service runs warm (started, compiled, its database open), and
            // the events from it to the end give the rate it keeps up, apart from what starting costs once.
            (long Position, TimeSpan At)? first = null;
            await using (var watch = databases.Analytics())
            {
                await WaitForAsync(async () =>
                {
                    var position = await CheckpointPosition(watch);
                    first ??= position > 0 ? (position, clock.Elapsed) : null;
                    return position >= count;
                }, timeout, cancellationToken);
            }
            var elapsed = clock.Elapsed;
            var warm = first is { } from && from.Position < count
                ? Math.Round((count - from.Position) / (elapsed - from.At).TotalSeconds)
                : (double?)null;
            // The process hosts the service alone by now: its CPU time is the service's, the figure that a loaded
            // machine disturbs least.
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            var allocatedPerEvent = Math.Round((double)(GC.GetTotalAllocatedBytes() - allocated) / count);
            await app.StopAsync(CancellationToken.None);

            await using var results = databases.Analytics();
            var windows = await results.Windows.CountAsync(cancellationToken);
            Report.Progress($"analytics: {count} events in {elapsed.TotalSeconds:0.000} s = {count / elapsed.TotalSeconds:0} events/s ({warm:0} events/s from the first checkpoint on); {windows} windows stored");
            Report.Result(new StreamResult(
                count, Math.Round(count / elapsed.TotalSeconds), warm, Math.Round(elapsed.TotalSeconds, 3), Math.Round(count / publish.Elapsed.TotalSeconds), windows, Math.Round(cpuSeconds, 3), allocatedPerEvent));
            return ExitCodes.Success;
        }
        finally
        {
            foreach (var name in Streams)
            {
                await DeleteStreamAsync(js, name);
            }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }

    private static readonly Func<AnalyticsDbContext, Task<long>> CheckpointPosition = EF.CompileAsyncQuery(
        (AnalyticsDbContext db) => db.Checkpoints.Where(c => c.Name == ProcessorCheckpoint.Main).Select(c => c.Position).SingleOrDefault());

    /// <summary>The run publishes fake orders and deletes the streams afterwards: a shop's server must never be used.</summary>
    private static async Task RefuseAShopsServerAsync(NatsJSContext js, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var name in js.ListStreamNamesAsync(cancellationToken: cancellationToken))
            {
                if (Streams.Contains(name))
                {
                    throw new SetupException($"NATS already holds stream {name}: give the analytics-stream bench a server of its own");
                }
            }
        }
        catch (NatsJSApiException ex)
        {
            throw new SetupException("cannot list JetStream streams", ex);
        }
    }

    private static async Task DeleteStreamAsync(NatsJSContext js, string name)
    {
        try
        {
            await js.DeleteStreamAsync(name);
        }
        catch (NatsJSApiException)
        {
            // Not there.
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > timeout)
            {
                throw new SetupException($"analytics-stream: not done after {timeout.TotalSeconds} s");
            }
            await Task.Delay(5, cancellationToken);
        }
    }
}

public sealed record StreamResult(int Events, double ProcessedPerSecond, double? WarmPerSecond, double Seconds, double PublishedPerSecond, int WindowsStored, double CpuSeconds, double AllocatedBytesPerEvent);
