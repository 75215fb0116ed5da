using System.Net;
using System.Text.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Bazaar.IntegrationTests.Ordering;
using Xunit;

namespace Bazaar.IntegrationTests.Analytics;

/// <summary>
/// Runs on both shapes: <see cref="AnalyticsTests"/> here, and again in the distributed tests. Each test ships its
/// orders to a region of its own, and region figures are never cut to a top list, so other tests' orders in the same
/// windows cannot change what it counts.
/// </summary>
public abstract class AnalyticsScenarios(ShopUnderTest host)
{
    [Fact]
    public async Task Orders_placed_through_the_API_appear_in_the_window_results_the_stream_and_the_data_lake()
    {
        using var admin = await host.AdminAsync();
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        var region = "Region " + Guid.NewGuid().ToString("N")[..10];
        var productId = await host.NewProductAsync(stock: 50, price: 12.50m);
        await using var live = await LiveEvents.OpenAsync(admin);

        var customer = await host.NewCustomerAsync("analyst");
        var placed = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            placed.Add(await PlaceAsync(customer, productId, region, quantity: i + 1, "tok_visa"));
        }
        placed.Add(await PlaceAsync(customer, productId, region, quantity: 1, "tok_chargeDeclined"));
        await customer.Http.WaitForOrderStatusAsync(placed[^1], "cancelled");

        // 3 paid orders of 1, 2 and 3 units and one declined of 1: 7 units at 12.50.
        var figures = await Eventually.ValueAsync(
            () => RegionFiguresAsync(admin, since, region),
            f => f.Orders == 4,
            "the four orders to be counted in closed windows");
        Assert.Equal(87.50m, figures.Revenue);

        var streamed = await Eventually.ValueAsync(
            () => Task.FromResult(live.Windows().LastOrDefault(w => HasRegion(w, region))),
            // Until one arrives, LastOrDefault gives a default element, whose kind is Undefined.
            w => w.ValueKind == JsonValueKind.Object,
            "a window with the test's region on the live stream");
        Assert.Contains(streamed.GetProperty("kind").GetString(), (string?[])["tumbling", "sliding"]);

        var lake = await Eventually.ValueAsync(
            async () => await (await admin.GetAsync(
                "/api/analytics/query?sql=" + Uri.EscapeDataString(
                    "SELECT sum(orders) AS orders, sum(revenue) AS revenue FROM (SELECT *, row_number() OVER (PARTITION BY kind, start, country, region, currency ORDER BY revision DESC) AS latest " +
                    $"FROM window_regions WHERE kind = 'tumbling' AND region = '{region}') WHERE latest = 1"))).JsonAsync(),
            q => q.GetProperty("rows")[0][0].ValueKind == JsonValueKind.Number && q.GetProperty("rows")[0][0].GetDecimal() == 4,
            "the data lake to hold the four orders");
        Assert.Equal(87.50m, lake.GetProperty("rows")[0][1].GetDecimal());

        var summary = await (await admin.GetAsync("/api/analytics/summary")).JsonAsync();
        Assert.True(summary.GetProperty("position").GetInt64() > 0);
        Assert.Equal(JsonValueKind.Object, summary.GetProperty("latestWindow").ValueKind);

        var now = DateTimeOffset.UtcNow;
        var peak = await (await admin.GetAsync("/api/analytics/peak-hours?days=7")).JsonAsync();
        Assert.Contains(peak.GetProperty("cells").EnumerateArray(), c => c.GetProperty("orders").GetInt64() >= 4
            && (c.GetProperty("hour").GetInt32() == now.Hour || c.GetProperty("hour").GetInt32() == since.Hour));
    }

    [Fact]
    public async Task The_analytics_endpoints_are_for_admins_only()
    {
        var customer = await host.NewCustomerAsync("curious");
        using var anonymous = host.CreateClient();
        foreach (var path in new[] { "windows", "summary", "top-products", "anomalies", "peak-hours", "stream", "query?sql=SELECT%201" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/analytics/{path}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await customer.Http.GetAsync($"/api/analytics/{path}")).StatusCode);
        }
    }

    [Theory]
    [InlineData("windows?kind=hourly")]
    [InlineData("windows?from=2026-01-10T00:00:00Z&to=2026-01-01T00:00:00Z")]
    [InlineData("windows?from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z")]
    [InlineData("windows?from=yesterday")]
    [InlineData("top-products?by=price")]
    [InlineData("anomalies?pageSize=0")]
    [InlineData("peak-hours?days=3")]
    [InlineData("query")]
    [InlineData("query?sql=DROP%20TABLE%20windows")]
    [InlineData("query?sql=SELECT%20*%20FROM%20read_csv('/etc/passwd')")]
    public async Task Bad_analytics_requests_are_refused_with_a_problem(string path)
    {
        using var admin = await host.AdminAsync();
        var response = await admin.GetAsync($"/api/analytics/{path}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<string> PlaceAsync(Customer customer, string productId, string region, int quantity, string token)
    {
        var body = new
        {
            shippingAddress = new { name = "Ada Lovelace", line1 = "1 Analytics Way", city = "Reykjavik", postalCode = "101", country = "IS", region },
            paymentMethod = new { type = "card", token },
            items = TestCatalog.Items(productId, quantity),
        };
        var order = await (await customer.Http.PostCheckoutAsync(body)).JsonAsync(HttpStatusCode.Accepted);
        return order.GetProperty("id").GetString()!;
    }

    private static bool HasRegion(JsonElement window, string region) =>
        window.GetProperty("byRegion").EnumerateArray().Any(r => r.GetProperty("region").GetString() == region);

    /// <summary>The region's orders and revenue over the tumbling windows since <paramref name="since"/>.</summary>
    private static async Task<(long Orders, decimal Revenue)> RegionFiguresAsync(HttpClient admin, DateTimeOffset since, string region)
    {
        var list = await (await admin.GetAsync($"/api/analytics/windows?from={Uri.EscapeDataString(since.ToString("O"))}")).JsonAsync();
        long orders = 0;
        decimal revenue = 0;
        foreach (var window in list.GetProperty("items").EnumerateArray())
        {
            foreach (var row in window.GetProperty("byRegion").EnumerateArray().Where(r => r.GetProperty("region").GetString() == region))
            {
                orders += row.GetProperty("orders").GetInt64();
                revenue += row.GetProperty("revenue").GetDecimal();
            }
        }
        return (orders, revenue);
    }
}

[Collection(SharedHostCollection.Name)]
public sealed class AnalyticsTests(BazaarHost host) : AnalyticsScenarios(host);
