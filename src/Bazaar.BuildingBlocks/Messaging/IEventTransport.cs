namespace Bazaar.BuildingBlocks.Messaging;

/// <summary>
/// Moves event envelopes between services. Shaped after a durable broker (NATS JetStream): a publish
/// completes once the broker has accepted the message; each consuming service is one durable consumer
/// that acknowledges explicitly, and a negative acknowledgement asks for redelivery after a delay.
/// </summary>
public interface IEventTransport
{
    /// <summary>Whether accepted messages survive a crash of this process.</summary>
    bool IsDurable { get; }

    /// <summary>Creates or updates what <paramref name="service"/> publishes into (its stream), once at start-up.</summary>
    Task PrepareToPublishAsync(string service, CancellationToken cancellationToken);

    Task PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken);

    /// <summary>
    /// Publishes again an event that was published before (the relay's replay at start-up over a transport that is not
    /// durable); its consumers are told it may already have been applied.
    /// </summary>
    Task ResendAsync(EventEnvelope envelope, CancellationToken cancellationToken);

    /// <summary>
    /// Publishes envelopes in their order, as many in flight at once as the transport allows, and reports how many
    /// leading envelopes were accepted; the first refusal stops the count (later ones may have been accepted too,
    /// which the broker's de-duplication by event id makes harmless when they are sent again).
    /// </summary>
    Task<PublishOutcome> PublishInOrderAsync(IReadOnlyList<EventEnvelope> envelopes, CancellationToken cancellationToken);

    /// <summary>Delivers the consumer's events to <paramref name="handle"/> until cancelled.</summary>
    Task ConsumeAsync(ConsumerDeclaration consumer, Func<IncomingEvent, CancellationToken, Task> handle, CancellationToken cancellationToken);
}

/// <summary>How a <see cref="IEventTransport.PublishInOrderAsync"/> went: the accepted prefix, and what stopped the rest.</summary>
public readonly record struct PublishOutcome(int Accepted, Exception? Error);

/// <summary>A durable consumer: its name (the consuming service) and the event types it wants.</summary>
public sealed record ConsumerDeclaration(string Name, IReadOnlySet<string> EventTypes);

public abstract class IncomingEvent(EventEnvelope envelope, int deliveryCount, bool resent = false)
{
    public EventEnvelope Envelope { get; } = envelope;

    /// <summary>1 on first delivery.</summary>
    public int DeliveryCount { get; } = deliveryCount;

    /// <summary>Delivered before, or sent again by its publisher: the consumer may have applied it already.</summary>
    public bool MayBeDuplicate { get; } = resent || deliveryCount > 1;

    public abstract ValueTask AckAsync(CancellationToken cancellationToken);

    public abstract ValueTask NakAsync(TimeSpan redeliverAfter, CancellationToken cancellationToken);
}
