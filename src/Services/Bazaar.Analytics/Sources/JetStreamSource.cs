using System.Text;
using System.Threading.Channels;
using Bazaar.Analytics.Processing;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.BuildingBlocks.Messaging.Nats;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Bazaar.Analytics.Sources;

/// <summary>
/// The distributed shape's input: the stream <c>BAZAAR_ANALYTICS_INPUT</c>, which JetStream fills by sourcing the
/// ordering stream and the payment stream's failures, plus the clock ticks published into it. Sourcing merges the
/// two streams into one sequence once, on the server; reading that sequence back (after a crash, or from the start)
/// gives the same events in the same order, which reading the two streams side by side would not.
/// </summary>
/// <remarks>
/// Read with an ordered consumer from the checkpoint's position: the position lives in the analytics database with
/// the state it belongs to, so no acknowledgement or durable consumer is needed, and the stream flows at full speed.
/// </remarks>
public sealed partial class JetStreamSource(IEventTransport transport, NatsOptions nats, MessagingOptions messaging, ILogger<JetStreamSource> logger)
    : AnalyticsSource, IAsyncDisposable
{
    public const string StreamName = "BAZAAR_ANALYTICS_INPUT";
    public const string ClockSubject = "analytics.input.clock";

    private const int PullBatch = 2000;

    /// <summary>
    /// A connection of its own: the input is read far faster than the processor may take it in bursts, and here the
    /// client must wait for the processor rather than drop messages (the process's shared connection drops on
    /// overflow, which would make the ordered consumer start over at each gap), without holding up anyone else.
    /// </summary>
    private readonly NatsConnection _connection = new(new NatsOpts
    {
        Url = nats.Url,
        Name = "bazaar-analytics-input",
        SubPendingChannelCapacity = PullBatch * 2,
        SubPendingChannelFullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Room for every envelope in flight: the client's pending messages, and the processor's queue and batch.</summary>
    private readonly PooledEnvelopes _envelopes = new(PullBatch * 2 + StreamProcessor.InputCapacity + StreamProcessor.BatchSize);

    private NatsJSContext? _js;
    private volatile bool _ready;

    private NatsJSContext JetStream => _js ??= new NatsJSContext(_connection);

    public override async Task ReadAsync(long position, ChannelWriter<SourceRecord> into, CancellationToken cancellationToken)
    {
        var attempt = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await EnsureStreamAsync(cancellationToken);
                var consumer = await JetStream.CreateOrderedConsumerAsync(StreamName, new NatsJSOrderedConsumerOpts
                {
                    DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence,
                    OptStartSeq = (ulong)position + 1,
                }, cancellationToken);
                attempt = 0;
                await foreach (var message in consumer.ConsumeAsync(_envelopes, opts: new NatsJSConsumeOpts { MaxMsgs = PullBatch }, cancellationToken: cancellationToken))
                {
                    if (message.Metadata is not { } metadata)
                    {
                        message.Data.Dispose();
                        continue;
                    }
                    var sequence = (long)metadata.Sequence.Stream;
                    await into.WriteAsync(new SourceRecord(sequence, message.Data, metadata.NumPending == 0), cancellationToken);
                    position = sequence;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not ChannelClosedException)
            {
                attempt++;
                _ready = false;
                LogReadFailed(logger, ex, StreamName, position, attempt);
                await Task.Delay(messaging.Backoff(attempt), cancellationToken);
            }
        }
    }

    public override async Task AppendClockTickAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await EnsureStreamAsync(cancellationToken);
        var ack = await JetStream.PublishAsync(ClockSubject, Encoding.UTF8.GetBytes(ClockTick.Envelope(now).ToJson()), cancellationToken: cancellationToken);
        ack.EnsureSuccess();
    }

    /// <summary>Creates the input stream (and the streams it sources) if missing.</summary>
    public Task PrepareAsync(CancellationToken cancellationToken) => EnsureStreamAsync(cancellationToken);

    private async Task EnsureStreamAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }
        // The sourced streams must exist first; whoever starts first creates them, with the producers' own settings.
        await transport.PrepareToPublishAsync("ordering", cancellationToken);
        await transport.PrepareToPublishAsync("payment", cancellationToken);
        await JetStream.CreateOrUpdateStreamAsync(new StreamConfig(StreamName, [ClockSubject])
        {
            Storage = StreamConfigStorage.File,
            NumReplicas = nats.Replicas,
            MaxAge = messaging.Retention,
            Sources =
            [
                new StreamSource { Name = NatsTransport.StreamName("ordering"), FilterSubject = "bazaar.ordering.>" },
                new StreamSource { Name = NatsTransport.StreamName("payment"), FilterSubject = "bazaar.payment.payment-failed" },
            ],
        }, cancellationToken);
        _ready = true;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading {Stream} after {Position} failed (attempt {Attempt}); starting over")]
    private static partial void LogReadFailed(ILogger logger, Exception ex, string stream, long position, int attempt);
}
