using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Bazaar.BuildingBlocks.Messaging.Nats;

/// <summary>
/// The distributed shape's bus on NATS JetStream. The subject is the event type (<c>bazaar.ordering.order-placed</c>);
/// each producing service has one stream (<c>BAZAAR_ORDERING</c> over <c>bazaar.ordering.&gt;</c>); each consuming
/// service has one durable pull consumer per stream it reads, named after itself, so its processes share the work.
/// </summary>
public sealed partial class NatsTransport(
    NatsConnection connection, NatsOptions nats, MessagingOptions options, ILogger<NatsTransport> logger, BazaarMetrics? metrics = null) : IEventTransport
{
    private readonly NatsJSContext _js = new(connection);
    private readonly ConcurrentDictionary<string, bool> _streamsReady = new();
    private readonly ConcurrentDictionary<(string Consumer, string Stream), long> _lag = new();

    public bool IsDurable => true;

    public static string StreamName(string service) => "BAZAAR_" + service.ToUpperInvariant();

    public Task PrepareToPublishAsync(string service, CancellationToken cancellationToken) => EnsureStreamAsync(service, cancellationToken);

    /// <summary>JetStream keeps what it accepted, so nothing is resent; were it asked, its duplicate window drops a resend.</summary>
    public Task ResendAsync(EventEnvelope envelope, CancellationToken cancellationToken) => PublishAsync(envelope, cancellationToken);

    public async Task PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken)
    {
        var outcome = await PublishInOrderAsync([envelope], cancellationToken);
        if (outcome.Error is not null)
        {
            throw outcome.Error;
        }
    }

    /// <summary>
    /// Writes every message before waiting for any acknowledgement (JetStream's concurrent publish), so a batch costs
    /// about one round trip instead of one per message; messages written in order on one connection are stored in order.
    /// </summary>
    public async Task<PublishOutcome> PublishInOrderAsync(IReadOnlyList<EventEnvelope> envelopes, CancellationToken cancellationToken)
    {
        var pending = new List<(string Service, NatsJSPublishConcurrentFuture Ack)>(envelopes.Count);
        var accepted = 0;
        Exception? error = null;
        try
        {
            foreach (var envelope in envelopes)
            {
                var service = ServiceOf(envelope.Type);
                await EnsureStreamAsync(service, cancellationToken);
                var headers = new NatsHeaders { ["Nats-Msg-Id"] = envelope.Id };
                if (envelope.TraceParent is { } traceParent)
                {
                    headers["traceparent"] = traceParent;
                }
                pending.Add((service, await _js.PublishConcurrentAsync(envelope.Type, envelope.ToJson(), headers: headers, cancellationToken: cancellationToken)));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            error = ex;
        }

        foreach (var (service, future) in pending)
        {
            await using (future)
            {
                if (error is not null)
                {
                    continue;
                }
                try
                {
                    var ack = await future.GetResponseAsync(cancellationToken);
                    // A duplicate is stored already (the relay re-sent after a crash): done. Any other failure stops
                    // the count, which leaves the outbox row unpublished, so the relay tries again with backoff.
                    if (ack.Error is not null || !ack.Duplicate)
                    {
                        ack.EnsureSuccess();
                    }
                    accepted++;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The stream may be gone (a broker rebuilt without its store): create it again next time.
                    _streamsReady.TryRemove(service, out _);
                    error = ex;
                }
            }
        }
        return new PublishOutcome(accepted, error);
    }

    public async Task ConsumeAsync(ConsumerDeclaration consumer, Func<IncomingEvent, CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        // Workers are partitioned by the CloudEvents subject, as in process, so one order's events are handled one at a time.
        var partitions = Enumerable.Range(0, Math.Max(1, options.ConsumerConcurrency))
            .Select(_ => Channel.CreateBounded<NatsIncomingEvent>(new BoundedChannelOptions(16) { SingleReader = true }))
            .ToArray();
        var workers = partitions.Select(p => Task.Run(() => WorkAsync(p.Reader, handle, cancellationToken), cancellationToken)).ToArray();
        try
        {
            await Task.WhenAll(consumer.EventTypes
                .GroupBy(ServiceOf)
                .Select(types => PullAsync(consumer.Name, types.Key, types.ToHashSet(), partitions, cancellationToken)));
        }
        finally
        {
            foreach (var partition in partitions)
            {
                partition.Writer.TryComplete();
            }
        }
        await Task.WhenAll(workers);
    }

    /// <summary>Reads one stream through the service's durable consumer until cancelled, starting over after any failure.</summary>
    private async Task PullAsync(string consumerName, string service, IReadOnlySet<string> types, Channel<NatsIncomingEvent>[] partitions, CancellationToken cancellationToken)
    {
        var attempt = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var stream = await EnsureStreamAsync(service, cancellationToken);
                // Create-or-update on every (re)start: it brings back a consumer lost with the broker's store and applies new filters.
                var consumer = await _js.CreateOrUpdateConsumerAsync(stream, ConsumerConfigFor(consumerName, service, types), cancellationToken);
                attempt = 0;
                await foreach (var message in consumer.ConsumeAsync<string>(opts: new NatsJSConsumeOpts { MaxMsgs = 64 }, cancellationToken: cancellationToken))
                {
                    RecordLag(consumerName, service, message);
                    await RouteAsync(message, types, partitions, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                attempt++;
                _streamsReady.TryRemove(service, out _);
                LogConsumeFailed(logger, ex, consumerName, StreamName(service), attempt);
            }

            try
            {
                await Task.Delay(options.Backoff(Math.Max(1, attempt)), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The consumer's lag as each message reports it (what the stream holds past it), rather than by asking the server
    /// for the consumer's info, which at scale loads the cluster. While the consumer is stalled the figure is that of
    /// its last delivery.
    /// </summary>
    private void RecordLag(string consumerName, string service, INatsJSMsg<string> message)
    {
        if (metrics is null || message.Metadata is not { } metadata)
        {
            return;
        }
        var key = (Consumer: consumerName, Stream: StreamName(service));
        if (_lag.TryAdd(key, (long)metadata.NumPending))
        {
            metrics.TrackConsumerLag(key.Consumer, key.Stream, () => _lag[key]);
        }
        else
        {
            _lag[key] = (long)metadata.NumPending;
        }
    }

    private async Task RouteAsync(INatsJSMsg<string> message, IReadOnlySet<string> types, Channel<NatsIncomingEvent>[] partitions, CancellationToken cancellationToken)
    {
        EventEnvelope envelope;
        try
        {
            envelope = EventEnvelope.FromJson(message.Data ?? "");
        }
        catch (JsonException ex)
        {
            // No delivery will ever parse: stop JetStream from sending it again.
            LogUnreadable(logger, ex, message.Subject);
            await message.AckTerminateAsync(cancellationToken: cancellationToken);
            return;
        }

        if (!types.Contains(envelope.Type))
        {
            // Only with the whole-stream filter of servers before 2.10: an event this service does not handle.
            await message.AckAsync(cancellationToken: cancellationToken);
            return;
        }

        var key = envelope.Subject ?? envelope.Id;
        var index = (int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)partitions.Length);
        await partitions[index].Writer.WriteAsync(new NatsIncomingEvent(message, envelope), cancellationToken);
    }

    private static async Task WorkAsync(ChannelReader<NatsIncomingEvent> reader, Func<IncomingEvent, CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        await foreach (var incoming in reader.ReadAllAsync(cancellationToken))
        {
            try
            {
                await handle(incoming, cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The consumer could not settle the message (its database is down, say): have it delivered again later.
                try
                {
                    await incoming.NakAsync(TimeSpan.FromSeconds(1), cancellationToken);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // The broker is unreachable too; the ack wait runs out and JetStream redelivers.
                }
            }
        }
    }

    private ConsumerConfig ConsumerConfigFor(string consumerName, string service, IReadOnlySet<string> types)
    {
        var config = new ConsumerConfig(consumerName)
        {
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
            DeliverPolicy = ConsumerConfigDeliverPolicy.All,
            AckWait = nats.AckWait,
            // JetStream never gives up on a message by itself: the consumer dead-letters a poisonous event after
            // MaxDeliveries, but keeps retrying one that failed only because its database was unreachable.
            MaxDeliver = -1,
        };
        if (types.Count == 1)
        {
            config.FilterSubject = types.First();
        }
        else if (SupportsFilterSubjects())
        {
            config.FilterSubjects = [.. types.Order(StringComparer.Ordinal)];
        }
        else
        {
            // Servers before 2.10 take one filter only: read the whole stream and skip the rest (see RouteAsync).
            config.FilterSubject = $"bazaar.{service}.>";
        }
        return config;
    }

    private bool SupportsFilterSubjects()
    {
        var version = connection.ServerInfo?.Version ?? "";
        var dash = version.IndexOf('-', StringComparison.Ordinal);
        return Version.TryParse(dash < 0 ? version : version[..dash], out var parsed) && parsed >= new Version(2, 10);
    }

    private async Task<string> EnsureStreamAsync(string service, CancellationToken cancellationToken)
    {
        var name = StreamName(service);
        if (_streamsReady.ContainsKey(service))
        {
            return name;
        }

        // Producer and consumers both ensure it, so whichever process starts first creates it; the call is idempotent.
        await _js.CreateOrUpdateStreamAsync(new StreamConfig(name, [$"bazaar.{service}.>"])
        {
            Storage = StreamConfigStorage.File,
            NumReplicas = nats.Replicas,
            DuplicateWindow = nats.DuplicateWindow,
            // Consumers' inboxes forget after the retention period; the stream must not redeliver older events than that.
            MaxAge = options.Retention,
        }, cancellationToken);
        _streamsReady[service] = true;
        return name;
    }

    /// <summary><c>bazaar.ordering.order-placed</c> is produced by <c>ordering</c>.</summary>
    private static string ServiceOf(string eventType)
    {
        var parts = eventType.Split('.');
        return parts.Length == 3 && parts[0] == "bazaar"
            ? parts[1]
            : throw new ArgumentException($"Event type '{eventType}' is not of the form bazaar.<service>.<event>.", nameof(eventType));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer {Consumer} on stream {Stream} failed (attempt {Attempt}); starting over")]
    private static partial void LogConsumeFailed(ILogger logger, Exception ex, string consumer, string stream, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dropped an unreadable message on {Subject}")]
    private static partial void LogUnreadable(ILogger logger, Exception ex, string subject);
}
