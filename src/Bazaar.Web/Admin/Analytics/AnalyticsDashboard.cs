using System.Net;
using System.Text.Json;
using Bazaar.Web.Api;

namespace Bazaar.Web.Admin.Analytics;

/// <summary>
/// What the analytics dashboard shows, asked of the analytics API all at once. Each part is its answer or the problem
/// that stopped it, so one failing query leaves the rest of the page standing.
/// </summary>
public sealed record AnalyticsDashboard(
    ApiResult<AnalyticsSummary> Summary,
    ApiResult<WindowList> Windows,
    ApiResult<TopProducts<ProductQuantity>> TopByQuantity,
    ApiResult<TopProducts<ProductRevenue>> TopByRevenue,
    ApiResult<PeakHours> PeakHours,
    ApiResult<AnomalyPage> Anomalies)
{
    /// <summary>The span of tumbling windows the charts show.</summary>
    public static readonly TimeSpan WindowSpan = TimeSpan.FromHours(24);

    public const int AnomaliesPerPage = 20;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The shop has no analytics service (yet): its API is not there at all.</summary>
    public bool NotRunning => Summary.Problem?.Status == HttpStatusCode.NotFound;

    public static async Task<AnalyticsDashboard> LoadAsync(ShopApi api, TimeProvider time, int peakDays, int anomalyPage, CancellationToken ct = default)
    {
        var summary = api.AnalyticsSummaryAsync(ct);
        var windows = api.TumblingWindowsAsync(WindowSpan, time, ct);
        var byQuantity = api.TopProductsByQuantityAsync(ct);
        var byRevenue = api.TopProductsByRevenueAsync(ct);
        var peakHours = api.PeakHoursAsync(peakDays, ct);
        var anomalies = api.AnomaliesAsync(anomalyPage, AnomaliesPerPage, ct);
        return new AnalyticsDashboard(await summary, await windows, await byQuantity, await byRevenue, await peakHours, await anomalies);
    }

    /// <summary>
    /// Orders and revenue by country, region and currency over the windows shown, in the windows' own order (country,
    /// region with none first, currency; ordinal). The dashboard's script adds up the same way as windows arrive.
    /// </summary>
    public static IReadOnlyList<RegionFigures> ByRegion(IEnumerable<WindowResult> windows) =>
        windows
            .SelectMany(window => window.ByRegion)
            .GroupBy(figures => (figures.Country, figures.Region, figures.Currency))
            .Select(group => new RegionFigures(group.Key.Country, group.Key.Currency, group.Sum(f => f.Orders), group.Sum(f => f.Revenue), group.Key.Region))
            .OrderBy(figures => figures.Country, StringComparer.Ordinal)
            .ThenBy(figures => figures.Region ?? "", StringComparer.Ordinal)
            .ThenBy(figures => figures.Currency, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The figures the dashboard's script draws and then keeps up to date, for the page's JSON data block. The default
    /// encoder escapes &lt;, &gt; and &amp;, so no product name can close the block.
    /// </summary>
    public string ScriptData(string streamUrl) => JsonSerializer.Serialize(new
    {
        stream = streamUrl,
        spanHours = WindowSpan.TotalHours,
        // The windows' own top lists are left out: the page shows the last hour's, and a day of windows would carry hundreds.
        windows = Windows.Value?.Items.Select(window => window with { TopProductsByQuantity = [], TopProductsByRevenue = [] }) ?? [],
        lastHour = Summary.Value?.LastHour,
        peakHours = PeakHours.Value,
        anomalies = Anomalies.Value?.Items ?? [],
        anomaliesPerPage = AnomaliesPerPage,
        anomaliesLast24Hours = Summary.Value?.AnomaliesLast24Hours ?? 0,
        // Live anomalies are prepended only while the first page is shown: a later page is a fixed slice of the past.
        liveAnomalies = Anomalies.Value is null or { Page: 1 },
    }, Json);
}
