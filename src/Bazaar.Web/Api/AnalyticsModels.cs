namespace Bazaar.Web.Api;

// The analytics API's documents (/api/analytics/...), as the admin dashboard reads them. Every figure is in UTC and
// gross, as placed; lists arrive sorted by the service, and the dashboard keeps its order.

/// <summary>
/// The figures of one window [<see cref="Start"/>, <see cref="End"/>): a tumbling window, or the sliding view (the last
/// hour). A late event publishes the same window again with the next <see cref="Revision"/>, which replaces the earlier one.
/// </summary>
public sealed record WindowResult(
    string Kind,
    DateTimeOffset Start,
    DateTimeOffset End,
    int Revision,
    long OrdersPlaced,
    long OrdersConfirmed,
    long Cancellations,
    long ItemsSold,
    long LateEvents,
    IReadOnlyList<CurrencyFigures> Revenue,
    IReadOnlyList<ProductQuantity> TopProductsByQuantity,
    IReadOnlyList<ProductRevenue> TopProductsByRevenue,
    IReadOnlyList<RegionFigures> ByRegion,
    IReadOnlyList<ReasonCount> PaymentFailures)
{
    public const string Tumbling = "tumbling";
    public const string Sliding = "sliding";
}

public sealed record CurrencyFigures(string Currency, long Orders, decimal Revenue, decimal AverageOrderValue);

public sealed record ProductQuantity(string ProductId, string Name, long Quantity);

public sealed record ProductRevenue(string Currency, string ProductId, string Name, decimal Revenue, long Quantity);

public sealed record RegionFigures(string Country, string Currency, long Orders, decimal Revenue, string? Region = null);

public sealed record ReasonCount(string Reason, long Count);

/// <summary>The latest revision of each window in [<see cref="From"/>, <see cref="To"/>), oldest first.</summary>
public sealed record WindowList(string Kind, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<WindowResult> Items);

/// <summary>
/// Where the analytics service stands: how far it has read (<see cref="Position"/>), the event time up to which windows
/// are closed (<see cref="Watermark"/>, none before the first event), and its latest tumbling window and sliding view.
/// </summary>
public sealed record AnalyticsSummary(
    long Position,
    long LateEvents,
    long DroppedEvents,
    long AnomaliesLast24Hours,
    DateTimeOffset? Watermark = null,
    WindowResult? LatestWindow = null,
    WindowResult? LastHour = null);

/// <summary>
/// The sliding view's top list, products as <typeparamref name="T"/> (by quantity or by revenue); no span before the
/// first view.
/// </summary>
public sealed record TopProducts<T>(string By, IReadOnlyList<T> Items, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>
/// A closed window whose figure lay far from what the trailing baseline expected. <see cref="Metric"/> is
/// <c>orders</c>, <c>revenue</c> (of a <see cref="Currency"/>) or <c>payment-failure-rate</c>; <see cref="Kind"/> is
/// <c>spike</c>, <c>drop</c> or <c>outage</c>; <see cref="Score"/> is how many deviations it lay from the expected value.
/// </summary>
public sealed record Anomaly(
    string AnomalyId,
    string Metric,
    string Kind,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    decimal Observed,
    decimal Expected,
    double Score,
    string Description,
    DateTimeOffset DetectedAt,
    string? Currency = null);

/// <summary>
/// A page of anomalies, newest first. The count of them all is read as <c>totalCount</c>, like every paged list of the
/// API, or as <c>total</c>.
/// </summary>
public sealed record AnomalyPage(IReadOnlyList<Anomaly> Items, int Page, int PageSize, int? TotalCount = null, int? Total = null)
{
    public int Count => TotalCount ?? Total ?? Items.Count;

    public int PageCount => PageSize <= 0 ? 1 : Math.Max(1, (Count + PageSize - 1) / PageSize);
}

/// <summary>Orders by weekday and hour of day (UTC) over the last <see cref="Days"/> days; only hours that had any.</summary>
public sealed record PeakHours(int Days, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<PeakHourCell> Cells);

/// <summary>One hour of one weekday: <see cref="DayOfWeek"/> 1 is Monday, 7 Sunday; <see cref="Hour"/> 0–23, UTC.</summary>
public sealed record PeakHourCell(int DayOfWeek, int Hour, long Orders, IReadOnlyList<CurrencyRevenue> Revenue);

public sealed record CurrencyRevenue(string Currency, decimal Revenue);
