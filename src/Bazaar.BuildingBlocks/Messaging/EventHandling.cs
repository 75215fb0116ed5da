namespace Bazaar.BuildingBlocks.Messaging;

/// <summary>
/// Applies one kind of event to one service's state. It runs inside a transaction that also records
/// the event in the inbox, so its database changes happen exactly once however often the event arrives.
/// Handlers make changes through the scoped DbContext and leave saving to the caller.
/// </summary>
public interface IEventHandler<in TEvent> where TEvent : class
{
    Task HandleAsync(TEvent message, EventContext context, CancellationToken cancellationToken);
}

public sealed record EventContext(string EventId, DateTimeOffset Time, string? Subject, int DeliveryCount);
