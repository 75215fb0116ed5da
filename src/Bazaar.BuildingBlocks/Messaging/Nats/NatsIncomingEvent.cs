using NATS.Client.JetStream;

namespace Bazaar.BuildingBlocks.Messaging.Nats;

/// <summary>A JetStream delivery; settling it acknowledges to the durable consumer that delivered it.</summary>
internal sealed class NatsIncomingEvent(INatsJSMsg<string> message, EventEnvelope envelope)
    : IncomingEvent(envelope, (int)Math.Min(int.MaxValue, message.Metadata?.NumDelivered ?? 1))
{
    public override ValueTask AckAsync(CancellationToken cancellationToken) => message.AckAsync(cancellationToken: cancellationToken);

    public override ValueTask NakAsync(TimeSpan redeliverAfter, CancellationToken cancellationToken) =>
        message.NakAsync(new AckOpts { NakDelay = redeliverAfter }, cancellationToken);
}
