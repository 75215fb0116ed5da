using Bazaar.Analytics.Windows;
using Bazaar.Contracts.Analytics;
using Bazaar.Contracts.Ordering;
using Bazaar.Contracts.Payment;

namespace Bazaar.UnitTests.Analytics;

/// <summary>Builds stream events at offsets from <see cref="Start"/>, numbered like a stream's sequence.</summary>
internal sealed class OrderStream
{
    /// <summary>Midnight UTC, so 5-minute windows start at whole offsets.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);

    private long _sequence;
    private int _orders;

    public static TimeSpan Minutes(double minutes) => TimeSpan.FromMinutes(minutes);

    public OrderStreamEvent Placed(
        TimeSpan at, decimal total = 10m, string currency = "USD", string country = "US", string? region = null, params OrderLine[] lines)
    {
        var orderId = $"o{++_orders}";
        var placed = new OrderPlaced(
            orderId, "u1", "u1@example.com", lines.Length == 0 ? [new OrderLine("p1", "Product 1", total, 1)] : lines,
            total, currency, "tok_visa", new ShippingAddress("A", "1 Street", "City", "12345", country, region), FromCart: false, Start + at);
        return Next(at, placed);
    }

    public OrderStreamEvent Confirmed(TimeSpan at) =>
        Next(at, new OrderConfirmed($"o{++_orders}", "u1", "u1@example.com", [], 10m, "USD", FromCart: false));

    public OrderStreamEvent Cancelled(TimeSpan at, string reason = "cancelled_by_customer") =>
        Next(at, new OrderCancelled($"o{++_orders}", "u1", "u1@example.com", reason, WasPaid: false, [], 10m, "USD"));

    public OrderStreamEvent PaymentFailed(TimeSpan at, string reason) =>
        Next(at, new PaymentFailed($"pay{++_orders}", $"o{_orders}", "u1", reason, Transient: false));

    public OrderStreamEvent Shipped(TimeSpan at) => Next(at, new OrderShipped($"o{++_orders}", "u1", "u1@example.com"));

    /// <summary>The same event delivered again, later in the stream.</summary>
    public OrderStreamEvent Redelivered(OrderStreamEvent original) => original with { Sequence = ++_sequence };

    private OrderStreamEvent Next(TimeSpan at, object data)
    {
        var sequence = ++_sequence;
        return new OrderStreamEvent(sequence, $"evt-{sequence}", Start + at, data);
    }
}

internal static class Feeding
{
    /// <summary>Everything the events published, in order.</summary>
    public static List<WindowResult> Feed(this WindowEngine engine, params OrderStreamEvent[] events)
    {
        var published = new List<WindowResult>();
        foreach (var e in events)
        {
            engine.Ingest(e, published);
        }
        return published;
    }

    public static List<WindowResult> Tumbling(this IEnumerable<WindowResult> results) => [.. results.Where(r => r.Kind == WindowKind.Tumbling)];

    public static List<WindowResult> Sliding(this IEnumerable<WindowResult> results) => [.. results.Where(r => r.Kind == WindowKind.Sliding)];
}
