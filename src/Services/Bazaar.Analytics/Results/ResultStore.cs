using System.Text.Json;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Analytics;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Analytics.Results;

/// <summary>Stores results in the analytics database: the latest revision of each window, and each anomaly once.</summary>
public static class ResultStore
{
    public static string KindName(WindowKind kind) => kind == WindowKind.Sliding ? "sliding" : "tumbling";

    /// <summary>
    /// Stores a checkpoint's windows, each unless a later revision of it is already stored. One query finds the stored
    /// ones, rather than one per window.
    /// </summary>
    public static async Task SaveWindowsAsync(AnalyticsDbContext db, IReadOnlyList<WindowResult> results, long position, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var starts = results.Select(r => r.Start).Distinct().ToList();
        var stored = await db.Windows.Where(w => starts.Contains(w.Start)).ToDictionaryAsync(w => (w.Kind, w.Start), cancellationToken);
        foreach (var result in results)
        {
            var kind = KindName(result.Kind);
            if (!stored.TryGetValue((kind, result.Start), out var window))
            {
                window = new StoredWindow { Kind = kind, Start = result.Start, Result = "" };
                db.Windows.Add(window);
                stored.Add((kind, result.Start), window);
            }
            else if (window.Revision > result.Revision)
            {
                continue;
            }
            window.End = result.End;
            window.Revision = result.Revision;
            window.OrdersPlaced = result.OrdersPlaced;
            window.Result = JsonSerializer.Serialize(result, EventJson.Options);
            window.FeedPosition = position;
            window.UpdatedAt = now;
        }
    }

    /// <returns>Whether it is new.</returns>
    public static async Task<bool> SaveAnomalyAsync(AnalyticsDbContext db, AnomalyDetected anomaly, long position, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await db.Anomalies.FindAsync([anomaly.AnomalyId], cancellationToken) is not null)
        {
            return false;
        }
        db.Anomalies.Add(new StoredAnomaly
        {
            Id = anomaly.AnomalyId,
            Metric = anomaly.Metric,
            Kind = anomaly.Kind,
            Currency = anomaly.Currency,
            WindowStart = anomaly.WindowStart,
            WindowEnd = anomaly.WindowEnd,
            Observed = anomaly.Observed,
            Expected = anomaly.Expected,
            Score = anomaly.Score,
            Description = anomaly.Description,
            DetectedAt = now,
            FeedPosition = position,
        });
        return true;
    }

    public static WindowResult ReadWindow(string json) =>
        JsonSerializer.Deserialize<WindowResult>(json, EventJson.Options) ?? throw new JsonException("Empty stored window.");
}
