using Bazaar.Analytics.Lake;
using Bazaar.Analytics.Processing;
using Bazaar.BuildingBlocks.Auth;
using Bazaar.BuildingBlocks.Hosting;
using Bazaar.Contracts.Analytics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Analytics.Results;

public sealed record WindowList(string Kind, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<WindowResult> Items);

public sealed record AnalyticsSummary(
    long Position, DateTimeOffset? Watermark, long LateEvents, long DroppedEvents,
    WindowResult? LatestWindow, WindowResult? LastHour, int AnomaliesLast24Hours);

public sealed record TopProducts(DateTimeOffset? From, DateTimeOffset? To, string By, IReadOnlyList<object> Items);

public sealed record AnomalyResponse(
    string AnomalyId, string Metric, string Kind, string? Currency, DateTimeOffset WindowStart, DateTimeOffset WindowEnd,
    decimal Observed, decimal Expected, double Score, string Description, DateTimeOffset DetectedAt)
{
    public static AnomalyResponse From(StoredAnomaly a) =>
        new(a.Id, a.Metric, a.Kind, a.Currency, a.WindowStart, a.WindowEnd, a.Observed, a.Expected, a.Score, a.Description, a.DetectedAt);
}

/// <summary>The analytics endpoints of the public API, for admins: stored results, anomalies, peak hours, the live stream and ad-hoc SQL.</summary>
public static class AnalyticsApi
{
    /// <summary>A request for windows spans at most this much (8,928 five-minute windows).</summary>
    private static readonly TimeSpan LongestRange = TimeSpan.FromDays(31);

    public static IEndpointRouteBuilder MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/analytics").WithTags("Analytics").RequireAuthorization(Roles.AdminPolicy);
        group.MapGet("/windows", ListWindowsAsync);
        group.MapGet("/summary", SummaryAsync);
        group.MapGet("/top-products", TopProductsAsync);
        group.MapGet("/anomalies", ListAnomaliesAsync);
        group.MapGet("/peak-hours", PeakHours.GetAsync);
        group.MapGet("/stream", LiveStream.Open);
        group.MapLakeQuery();
        return app;
    }

    private static async Task<Results<Ok<WindowList>, ValidationProblem>> ListWindowsAsync(
        AnalyticsDbContext db, TimeProvider time, DateTimeOffset? from, DateTimeOffset? to, string? kind, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var end = to ?? time.GetUtcNow();
        var start = from ?? end - TimeSpan.FromDays(1);
        var kindName = kind?.Trim().ToLowerInvariant() ?? "tumbling";
        validation.Check(kindName is "tumbling" or "sliding", "kind", "Must be tumbling or sliding.");
        validation.Check(start <= end, "to", "Must not be before 'from'.");
        validation.Check(end - start <= LongestRange, "from", "The range must not be longer than 31 days.");
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var rows = await db.Windows.AsNoTracking()
            .Where(w => w.Kind == kindName && w.Start >= start && w.Start < end)
            .OrderBy(w => w.Start)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new WindowList(kindName, start, end, rows.Select(w => ResultStore.ReadWindow(w.Result)).ToList()));
    }

    private static async Task<Ok<AnalyticsSummary>> SummaryAsync(AnalyticsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var checkpoint = await db.Checkpoints.AsNoTracking().SingleOrDefaultAsync(c => c.Name == ProcessorCheckpoint.Main, cancellationToken);
        var latest = await LatestAsync(db, "tumbling", cancellationToken);
        var lastHour = await LatestAsync(db, "sliding", cancellationToken);
        var since = time.GetUtcNow() - TimeSpan.FromDays(1);
        var anomalies = await db.Anomalies.CountAsync(a => a.WindowEnd > since, cancellationToken);
        return TypedResults.Ok(new AnalyticsSummary(
            checkpoint?.Position ?? 0, checkpoint?.Watermark, checkpoint?.LateEvents ?? 0, checkpoint?.DroppedEvents ?? 0,
            latest, lastHour, anomalies));
    }

    /// <summary>The latest sliding view's top list: exact over its hour, which adding up windows' top lists would not be.</summary>
    private static async Task<Results<Ok<TopProducts>, ValidationProblem>> TopProductsAsync(AnalyticsDbContext db, string? by, CancellationToken cancellationToken)
    {
        var order = by?.Trim().ToLowerInvariant() ?? "quantity";
        if (order is not ("quantity" or "revenue"))
        {
            return new Validation().Check(false, "by", "Must be quantity or revenue.").Problem();
        }
        var view = await LatestAsync(db, "sliding", cancellationToken);
        IReadOnlyList<object> items = view is null ? []
            : order == "quantity" ? [.. view.TopProductsByQuantity]
            : [.. view.TopProductsByRevenue];
        return TypedResults.Ok(new TopProducts(view?.Start, view?.End, order, items));
    }

    private static async Task<Results<Ok<Paged<AnomalyResponse>>, ValidationProblem>> ListAnomaliesAsync(
        AnalyticsDbContext db, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var (p, size) = Paging.Normalize(page, pageSize, validation);
        validation.Check(from is null || to is null || from <= to, "to", "Must not be before 'from'.");
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var query = db.Anomalies.AsNoTracking();
        if (from is { } f)
        {
            query = query.Where(a => a.WindowStart >= f);
        }
        if (to is { } t)
        {
            query = query.Where(a => a.WindowStart < t);
        }
        var total = await query.CountAsync(cancellationToken);
        var items = await query
            .OrderByDescending(a => a.WindowStart).ThenBy(a => a.Id)
            .Skip((p - 1) * size).Take(size)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new Paged<AnomalyResponse>(items.Select(AnomalyResponse.From).ToList(), p, size, total));
    }

    private static async Task<WindowResult?> LatestAsync(AnalyticsDbContext db, string kind, CancellationToken cancellationToken)
    {
        var row = await db.Windows.AsNoTracking()
            .Where(w => w.Kind == kind)
            .OrderByDescending(w => w.Start)
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ResultStore.ReadWindow(row.Result);
    }
}
