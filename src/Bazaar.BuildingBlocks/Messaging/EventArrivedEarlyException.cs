namespace Bazaar.BuildingBlocks.Messaging;

/// <summary>
/// Thrown by a handler whose event overtook one it depends on (a payment's StockReserved before its OrderPlaced).
/// Nothing is wrong with the event, so it is retried with backoff and never dead-lettered for this; it waits as long
/// as the earlier event takes, through an outage of the broker or the database included.
/// </summary>
public sealed class EventArrivedEarlyException(string message) : Exception(message);
