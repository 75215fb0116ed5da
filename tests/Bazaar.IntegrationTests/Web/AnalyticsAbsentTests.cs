using System.Net;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Web;

/// <summary>A shop that hosts no analytics service: only identity (to sign in) and the storefront.</summary>
public sealed class ShopWithoutAnalytics : IAsyncLifetime
{
    public BazaarHost Host { get; } = BazaarHost.With(new() { ["Bazaar:Services"] = "identity,web" });

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();
}

/// <summary>The analytics dashboard of a shop without analytics: a page that says so, never an error.</summary>
public sealed class AnalyticsAbsentTests(ShopWithoutAnalytics shop) : IClassFixture<ShopWithoutAnalytics>
{
    [Fact]
    public async Task The_dashboard_tells_an_admin_that_analytics_is_not_running_and_loads_no_charts()
    {
        using var admin = new WebForms(shop.Host.BaseAddress);
        await admin.SignInAsync(ShopUnderTest.AdminEmail, ShopUnderTest.AdminPassword);

        var (response, html) = await admin.GetAsync("/admin/analytics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Analytics is not running in this shop yet.", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Analytics</h1>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("chart.umd.min.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain("analytics-data", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stream_answers_an_admin_not_found_so_the_browser_stops_asking()
    {
        using var admin = new WebForms(shop.Host.BaseAddress);
        await admin.SignInAsync(ShopUnderTest.AdminEmail, ShopUnderTest.AdminPassword);

        using var response = await admin.OpenAsync("/admin/analytics/stream");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("text/event-stream", response.Content.Headers.ContentType?.MediaType);
    }
}
