using System.Threading.Channels;

namespace Bazaar.BuildingBlocks.Messaging;

/// <summary>
/// The embedded shape's bus. Each declared consumer gets its queues up front, so nothing published before
/// the consumer starts is lost; messages are partitioned by subject so events about one order are
/// handled in the order they were published. Messages in flight die with the process, which is why the
/// relay re-sends recently published events at start-up and consumers deduplicate through their inbox.
/// </summary>
public sealed class InProcessTransport : IEventTransport
{
    private readonly Dictionary<string, Queues> _queues;

    /// <summary>The stream label of this bus's consumer lag: one bus carries every service's events.</summary>
    public const string StreamName = "in-process";

    public InProcessTransport(IEnumerable<ConsumerDeclaration> consumers, MessagingOptions options, BazaarMetrics metrics)
    {
        _queues = consumers.ToDictionary(
            c => c.Name,
            c => new Queues(c, Enumerable.Range(0, Math.Max(1, options.ConsumerConcurrency))
                .Select(_ => Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true }))
                .ToArray()));
        foreach (var queues in _queues.Values)
        {
            metrics.TrackConsumerLag(queues.Consumer.Name, StreamName, () => queues.Pending);
        }
    }

    public bool IsDurable => false;

    public Task PrepareToPublishAsync(string service, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken) => Deliver(envelope, resent: false);

    public Task ResendAsync(EventEnvelope envelope, CancellationToken cancellationToken) => Deliver(envelope, resent: true);

    private Task Deliver(EventEnvelope envelope, bool resent)
    {
        foreach (var queues in _queues.Values)
        {
            if (queues.Consumer.EventTypes.Contains(envelope.Type))
            {
                queues.Enqueue(new Delivery(envelope, 1, resent));
            }
        }
        return Task.CompletedTask;
    }

    public async Task<PublishOutcome> PublishInOrderAsync(IReadOnlyList<EventEnvelope> envelopes, CancellationToken cancellationToken)
    {
        foreach (var envelope in envelopes)
        {
            await PublishAsync(envelope, cancellationToken);
        }
        return new PublishOutcome(envelopes.Count, null);
    }

    public Task ConsumeAsync(ConsumerDeclaration consumer, Func<IncomingEvent, CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        var queues = _queues[consumer.Name];
        return Task.WhenAll(queues.Partitions.Select(partition => Task.Run(async () =>
        {
            await foreach (var delivery in partition.Reader.ReadAllAsync(cancellationToken))
            {
                queues.Taken();
                var incoming = new InProcessEvent(delivery, queues);
                try
                {
                    await handle(incoming, cancellationToken);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // The consumer could not even settle the message (its database is down, say): keep it, try again later.
                    await incoming.NakAsync(TimeSpan.FromSeconds(1), cancellationToken);
                }

                // SQLite's async calls complete synchronously, and so does reading a channel that has a backlog:
                // without a yield, a backlog (the replay at start-up) would keep this thread to itself and leave
                // HTTP requests waiting for the thread pool to grow.
                await Task.Yield();
            }
        }, cancellationToken)));
    }

    private sealed record Delivery(EventEnvelope Envelope, int Count, bool Resent);

    private sealed record Queues(ConsumerDeclaration Consumer, Channel<Delivery>[] Partitions)
    {
        // Counted here: a single-reader channel cannot count its items.
        private long _pending;

        public long Pending => Interlocked.Read(ref _pending);

        public void Taken() => Interlocked.Decrement(ref _pending);

        public void Enqueue(Delivery delivery)
        {
            Interlocked.Increment(ref _pending);
            var key = delivery.Envelope.Subject ?? delivery.Envelope.Id;
            var index = (int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)Partitions.Length);
            Partitions[index].Writer.TryWrite(delivery);
        }
    }

    private sealed class InProcessEvent(Delivery delivery, Queues queues) : IncomingEvent(delivery.Envelope, delivery.Count, delivery.Resent)
    {
        public override ValueTask AckAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public override ValueTask NakAsync(TimeSpan redeliverAfter, CancellationToken cancellationToken)
        {
            _ = RedeliverLaterAsync(redeliverAfter);
            return ValueTask.CompletedTask;
        }

        private async Task RedeliverLaterAsync(TimeSpan delay)
        {
            await Task.Delay(delay, CancellationToken.None);
            queues.Enqueue(delivery with { Count = delivery.Count + 1 });
        }
    }
}
