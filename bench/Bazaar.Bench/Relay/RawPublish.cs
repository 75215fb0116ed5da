using System.Diagnostics;
using System.Text;
using Bazaar.Bench.Reporting;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.BuildingBlocks.Messaging.Nats;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Bazaar.Bench.Relay;

/// <summary>
/// The ceiling the relay is held against: NATS.Net publishing the same envelopes into a scratch JetStream stream
/// as fast as it can with every publish acknowledged. Publishes are pipelined with PublishConcurrentAsync — each
/// returns once the message is written to the connection, and its ack is awaited later — keeping up to
/// <c>window</c> unacknowledged. The stream is configured as the transport configures the services' streams
/// (file storage, duplicate window) and each message carries a Nats-Msg-Id as the transport's do, so the broker does
/// the same work for both sides and the ratio measures the relay, not a cheaper broker path.
/// </summary>
public static class RawPublish
{
    /// <summary>The <c>warmUp</c> events are published and purged before the clock starts, as the relay gets a warm-up too.</summary>
    public static async Task<TimeSpan> RunAsync(NatsConnection connection, IReadOnlyList<EventEnvelope> warmUp, IReadOnlyList<EventEnvelope> events, int window, CancellationToken cancellationToken)
    {
        var js = new NatsJSContext(connection);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var stream = $"BENCH_RAW_{suffix.ToUpperInvariant()}";
        var subject = $"bench.raw.{suffix}";
        var defaults = new NatsOptions();
        await js.CreateStreamAsync(new StreamConfig(stream, [subject])
        {
            Storage = StreamConfigStorage.File,
            DuplicateWindow = defaults.DuplicateWindow,
            MaxAge = new MessagingOptions().Retention,
        }, cancellationToken);

        try
        {
            await PublishAsync(js, subject, Payloads(warmUp), window, cancellationToken);
            await js.PurgeStreamAsync(stream, new StreamPurgeRequest(), cancellationToken);

            var payloads = Payloads(events);
            Report.Progress($"raw: publishing {payloads.Count} messages into {stream}, up to {window} unacknowledged");
            var clock = Stopwatch.StartNew();
            await PublishAsync(js, subject, payloads, window, cancellationToken);
            clock.Stop();

            var stored = (await js.GetStreamAsync(stream, cancellationToken: cancellationToken)).Info.State.Messages;
            if (stored != payloads.Count)
            {
                throw new SetupException($"raw: stream {stream} holds {stored} messages after {payloads.Count} acknowledged publishes");
            }
            return clock.Elapsed;
        }
        finally
        {
            await js.DeleteStreamAsync(stream, CancellationToken.None);
        }
    }

    private static List<(string Id, byte[] Bytes)> Payloads(IReadOnlyList<EventEnvelope> events) =>
        events.Select(e => (e.Id, Encoding.UTF8.GetBytes(e.ToJson()))).ToList();

    private static async Task PublishAsync(NatsJSContext js, string subject, List<(string Id, byte[] Bytes)> payloads, int window, CancellationToken cancellationToken)
    {
        var pending = new Queue<NatsJSPublishConcurrentFuture>(window);
        foreach (var (id, bytes) in payloads)
        {
            if (pending.Count >= window)
            {
                await AcknowledgedAsync(pending.Dequeue(), cancellationToken);
            }
            pending.Enqueue(await js.PublishConcurrentAsync(subject, bytes, headers: new NatsHeaders { ["Nats-Msg-Id"] = id }, cancellationToken: cancellationToken));
        }
        while (pending.Count > 0)
        {
            await AcknowledgedAsync(pending.Dequeue(), cancellationToken);
        }
    }

    private static async Task AcknowledgedAsync(NatsJSPublishConcurrentFuture future, CancellationToken cancellationToken)
    {
        await using (future)
        {
            var ack = await future.GetResponseAsync(cancellationToken);
            ack.EnsureSuccess();
        }
    }
}
