using System.Text.Json;
using Bazaar.BuildingBlocks.Messaging;

namespace Bazaar.Analytics.Anomalies;

/// <summary>
/// Everything an <see cref="AnomalyDetector"/> holds, to store with the window engine's checkpoint: a detector restored
/// from it flags exactly what an uninterrupted one would. <see cref="LastWindowEnd"/> is null before the first window.
/// <see cref="Series"/> are sorted by metric then currency (ordinal), each one's baselines all-hours first then by
/// hour, so equal states serialize to equal JSON. <see cref="Format"/> versions the layout.
/// </summary>
public sealed record DetectorState(int Format, long WindowsObserved, DateTimeOffset? LastWindowEnd, IReadOnlyList<SeriesState> Series)
{
    public string ToJson() => JsonSerializer.Serialize(this, EventJson.Options);

    public static DetectorState FromJson(string json) =>
        JsonSerializer.Deserialize<DetectorState>(json, EventJson.Options) ?? throw new JsonException("Empty anomaly detector state.");
}

/// <summary>
/// One judged figure: <see cref="Currency"/> is set for revenue only, as is <see cref="AverageOrderValue"/> once the
/// currency has had an order. Baselines that have seen no window are left out.
/// </summary>
public sealed record SeriesState(string Metric, string? Currency, double? AverageOrderValue, IReadOnlyList<BaselineState> Baselines);

/// <summary>
/// A baseline over consecutive windows of every hour (<see cref="Hour"/> null), or over one hour of the day, UTC, whose
/// <see cref="Trend"/> is 0. <see cref="Level"/>, <see cref="Trend"/> and <see cref="Spread"/> (a variance) are of the
/// figure's square root.
/// </summary>
public sealed record BaselineState(int? Hour, long Samples, double Level, double Trend, double Spread);
