using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Bazaar.Contracts.Analytics;

[JsonConverter(typeof(JsonStringEnumConverter<WindowKind>))]
public enum WindowKind
{
    /// <summary>One tumbling window.</summary>
    [JsonStringEnumMemberName("tumbling")]
    Tumbling,

    /// <summary>The sliding view: the tumbling windows it spans, added up.</summary>
    [JsonStringEnumMemberName("sliding")]
    Sliding,
}

/// <summary>
/// The figures of one window, [<see cref="Start"/>, <see cref="End"/>) in UTC, as published: the first time when the
/// watermark passes its end (revision 1), then again with the next revision each time a late event corrects it.
/// Revision 0 is a preview of a window still open. <see cref="LateEvents"/> are the events counted after it closed.
/// </summary>
/// <remarks>
/// Amounts are gross, as placed: revenue, items and products come from <c>OrderPlaced</c>, and a cancellation is
/// counted in the window it happens in, not taken off the one the order was placed in. Product revenue is unit price
/// × quantity; region revenue is the order total. Every list is sorted by a total order, ordinal, so the same events
/// always give the same JSON: <see cref="Revenue"/> by currency; <see cref="TopProductsByQuantity"/> (units across
/// currencies) most first, ties by product id; <see cref="TopProductsByRevenue"/>, a top list per currency, by
/// currency then most first, ties by product id; <see cref="ByRegion"/> by country, region (none first), currency;
/// <see cref="PaymentFailures"/> by reason.
/// </remarks>
public sealed record WindowResult(
    WindowKind Kind,
    DateTimeOffset Start,
    DateTimeOffset End,
    int Revision,
    long OrdersPlaced,
    long OrdersConfirmed,
    long Cancellations,
    long ItemsSold,
    long LateEvents,
    ImmutableArray<CurrencyFigures> Revenue,
    ImmutableArray<ProductQuantity> TopProductsByQuantity,
    ImmutableArray<ProductRevenue> TopProductsByRevenue,
    ImmutableArray<RegionFigures> ByRegion,
    ImmutableArray<ReasonCount> PaymentFailures);

/// <summary>A currency's orders and revenue; the average order value is rounded to 2 decimals, half away from zero.</summary>
public sealed record CurrencyFigures(string Currency, long Orders, decimal Revenue, decimal AverageOrderValue);

public sealed record ProductQuantity(string ProductId, string Name, long Quantity);

public sealed record ProductRevenue(string Currency, string ProductId, string Name, decimal Revenue, long Quantity);

public sealed record RegionFigures(string Country, string? Region, string Currency, long Orders, decimal Revenue);

public sealed record ReasonCount(string Reason, long Count);
