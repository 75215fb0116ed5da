using Bazaar.BrowserTests.Infrastructure;
using Bazaar.IntegrationTests.Infrastructure;
using Bazaar.IntegrationTests.Web;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace Bazaar.BrowserTests.Pages;

/// <summary>A browser on a shop whose analytics API answers known figures and streams what a test publishes.</summary>
public sealed class AnalyticsBrowserShop : BrowserShop
{
    public AnalyticsBrowserShop() : this(new CannedAnalytics(DateTimeOffset.UtcNow))
    {
    }

    private AnalyticsBrowserShop(CannedAnalytics analytics)
        : base(new() { ["Bazaar:Services"] = CannedAnalytics.ShopServices }, builder => builder.Services.AddSingleton<IStartupFilter>(analytics)) =>
        Analytics = analytics;

    public CannedAnalytics Analytics { get; }
}

/// <summary>
/// The admin analytics dashboard in Chromium: Chart.js draws its charts under the page's script and style policy, and
/// the live stream updates them.
/// </summary>
public sealed class AnalyticsDashboardTests(AnalyticsBrowserShop shop) : IClassFixture<AnalyticsBrowserShop>
{
    [Fact]
    public async Task The_charts_are_drawn_within_the_page_policy_and_follow_the_live_stream()
    {
        await using var visit = await shop.VisitAsync("analytics-dashboard");
        var page = visit.Page;
        var problems = Problems(page);
        await page.SignInAsync(ShopUnderTest.AdminEmail, ShopUnderTest.AdminPassword);

        await page.GotoAsync("/admin/analytics");

        await Assertions.Expect(page.GetByTestId("live-status")).ToContainTextAsync("Live:");
        Assert.Equal(new double[] { 2, 4, 1 }, await AnalyticsPage.PointsAsync(page, "orders"));
        Assert.Equal(new[] { 80.00, 230.50, 100.00 }, await AnalyticsPage.PointsAsync(page, "revenue"));
        Assert.Equal(new double[] { 5, 12 }, await AnalyticsPage.PointsAsync(page, "peak-hours"));

        // A correction of the middle window, a newer last hour and a new anomaly, as the analytics service sends them.
        var middle = shop.Analytics.Windows[1];
        shop.Analytics.Publish("window", CannedAnalytics.Window("tumbling", (DateTimeOffset)middle["start"]!, (DateTimeOffset)middle["end"]!, orders: 9, eur: 500m, usd: 0m, revision: 2));
        shop.Analytics.Publish("window", CannedAnalytics.Window("sliding", DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow, orders: 42, eur: 1234.50m, usd: 0m));
        var anomaly = new Dictionary<string, object?>(CannedAnalytics.Anomaly)
        {
            ["anomalyId"] = "anomaly-2",
            ["metric"] = "revenue",
            ["kind"] = "drop",
            ["currency"] = "EUR",
            ["description"] = "Revenue in EUR fell far below the baseline.",
        };
        shop.Analytics.Publish("anomaly", anomaly);

        await Assertions.Expect(page.Locator("[data-figure=orders]")).ToHaveTextAsync("42");
        await Assertions.Expect(page.Locator("[data-figure=revenue]")).ToHaveTextAsync("€1,234.50");
        await Assertions.Expect(page.Locator("tbody[data-rows=anomalies] tr").First).ToContainTextAsync("Revenue (EUR) drop");
        await Assertions.Expect(page.Locator("[data-figure=anomalies-24h]")).ToHaveTextAsync("2");
        // The correction replaced its window, in the chart and in the table: still three windows.
        await Assertions.Expect(page.Locator("tbody[data-rows=windows] tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("tbody[data-rows=windows] tr").Nth(1)).ToContainTextAsync("€500.00");
        Assert.Equal(new double[] { 2, 9, 1 }, await AnalyticsPage.PointsAsync(page, "orders"));
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_dashboard_with_figures_has_no_critical_or_serious_accessibility_violations_and_fits_a_phone(bool phone)
    {
        await using var visit = await shop.VisitAsync(phone ? "analytics-dashboard-mobile" : "analytics-dashboard-wide", phone);
        var page = visit.Page;
        var problems = Problems(page);
        await page.SignInAsync(ShopUnderTest.AdminEmail, ShopUnderTest.AdminPassword);

        await page.GotoAsync("/admin/analytics");
        await Assertions.Expect(page.GetByTestId("live-status")).ToContainTextAsync("Live:");
        foreach (var summary in await page.Locator("details > summary").AllAsync())
        {
            await summary.ClickAsync();
        }

        var result = await page.RunAxe();
        Assert.Empty(result.Violations.Where(v => v.Impact is "critical" or "serious").Select(v => $"{v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}"));
        // Wide tables and the heat map scroll in their own boxes; the page itself never scrolls sideways.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways");
        Assert.Equal(1, await page.Locator("h1").CountAsync());
        Assert.Empty(problems);
    }

    /// <summary>Console errors and warnings (a refused script or style among them) and uncaught script errors.</summary>
    private static List<string> Problems(IPage page)
    {
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                problems.Add($"{message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        return problems;
    }
}

/// <summary>What the dashboard's charts hold, read from the Chart.js instance on each canvas.</summary>
public static class AnalyticsPage
{
    /// <summary>
    /// The first data set's values of the chart on <c>canvas[data-chart=name]</c> (a heat map's cell values), once
    /// Chart.js has drawn it: the canvas has a size and one drawn element per value. Empty when there is no chart.
    /// </summary>
    public static async Task<double[]> PointsAsync(IPage page, string name) =>
        await page.EvaluateAsync<double[]>(
            """
            name => {
              const canvas = document.querySelector(`canvas[data-chart="${name}"]`);
              const chart = canvas && window.Chart && window.Chart.getChart(canvas);
              if (!chart || canvas.width === 0 || canvas.height === 0) return [];
              const values = chart.data.datasets[0]?.data ?? [];
              if (chart.getDatasetMeta(0).data.length !== values.length) return [];
              return values.map(value => typeof value === "number" ? value : value.v);
            }
            """, name);
}
