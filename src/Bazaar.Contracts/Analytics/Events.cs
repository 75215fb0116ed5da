namespace Bazaar.Contracts.Analytics;

/// <summary>
/// A tumbling window or sliding view the watermark closed (revision 1), or a correction of one by late events (the
/// next revision). The event id is derived from the window and revision, so a result published twice is one event.
/// </summary>
public sealed record WindowClosed(WindowResult Window);

/// <summary>
/// A closed tumbling window whose figure lies beyond the trailing baseline's threshold. <see cref="Metric"/> is
/// <c>orders</c>, <c>revenue</c> (with its <see cref="Currency"/>) or <c>payment-failure-rate</c>; <see cref="Kind"/> is
/// <c>spike</c>, <c>drop</c>, or <c>outage</c> (no orders where the baseline expects many). <see cref="Score"/> is how many
/// baseline deviations the observation lies from the expected value.
/// </summary>
public sealed record AnomalyDetected(
    string AnomalyId,
    string Metric,
    string Kind,
    string? Currency,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    decimal Observed,
    decimal Expected,
    double Score,
    string Description);
