using System.Text.Json;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Analytics;

namespace Bazaar.Analytics.Results;

/// <summary>Stores results in the analytics database: the latest revision of each window, and each anomaly once.</summary>
public static class ResultStore
{
    public static string KindName(WindowKind kind) => kind == WindowKind.Sliding ? "sliding" : "tumbling";

    public static async Task SaveWindowAsync(AnalyticsDbContext db, WindowResult result, long position, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var kind = KindName(result.Kind);
        var stored = await db.Windows.FindAsync([kind, result.Start], cancellationToken);
        if (stored is null)
        {
            stored = new StoredWindow { Kind = kind, Start = result.Start, Result = "" };
            db.Windows.Add(stored);
        }
        else if (stored.Revision > result.Revision)
        {
            return;
        }
        stored.End = result.End;
        stored.Revision = result.Revision;
        stored.OrdersPlaced = result.OrdersPlaced;
        stored.Result = JsonSerializer.Serialize(result, EventJson.Options);
        stored.FeedPosition = position;
        stored.UpdatedAt = now;
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
