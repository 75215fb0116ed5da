using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.DeployTests.Observability;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Observability;

/// <summary>A real Prometheus scrapes a running Bazaar through a checkout, and the dashboards' series are all there.</summary>
public sealed class PrometheusScrapeTests : IAsyncLifetime
{
    private readonly BazaarProcess _shop = new();
    private PrometheusServer _prometheus = null!;

    public async Task InitializeAsync()
    {
        await _shop.InitializeAsync();
        _prometheus = await PrometheusServer.StartAsync(_shop.BaseAddress, PromQl.ObservabilityPath("prometheus", "alerts.yml"));
    }

    public async Task DisposeAsync()
    {
        await _prometheus.DisposeAsync();
        await _shop.DisposeAsync();
    }

    [Fact]
    public async Task Prometheus_sees_the_http_histogram_the_orders_placed_and_the_outbox_backlog_of_a_checkout()
    {
        var customer = await _shop.NewCustomerAsync("scraped");
        await customer.Http.AddToCartAsync(DemoProducts.Plentiful(58).Id, 1);
        var paid = await customer.Http.CheckoutAsync();
        // A declined card too, so the failure counters have a series to show.
        var declined = await customer.Http.CheckoutAsync("tok_chargeDeclined", new[] { new { productId = DemoProducts.Plentiful(58).Id, quantity = 1 } });
        await customer.Http.WaitForOrderStatusAsync(paid, "processing");
        await customer.Http.WaitForOrderStatusAsync(declined, "cancelled");

        await Eventually.TrueAsync(async () => Value(await _prometheus.QueryAsync("sum(bazaar_orders_placed_total)")) >= 2,
            "Prometheus to count both orders placed");
        Assert.NotEmpty(await _prometheus.QueryAsync("http_server_request_duration_seconds_bucket{http_route=\"/api/orders\", http_request_method=\"POST\", app=\"all\"}"));
        Assert.Equal(0, Value(await _prometheus.QueryAsync("bazaar_outbox_backlog{service=\"ordering\"}")));
        await Eventually.TrueAsync(async () => Value(await _prometheus.QueryAsync("sum(bazaar_checkout_failures_total)")) >= 1
                && (await _prometheus.QueryAsync("bazaar_health_status")).Count > 0,
            "Prometheus to see the cancelled checkout and the health checks");

        // Every series the dashboards and alerts read that the embedded shape exports after a checkout is in Prometheus.
        // Waited for: some come a step later than the order's status (the confirmation e-mail is sent after it).
        var catalogue = PromQl.Catalogue();
        var expected = PromQl.NamesInUse().Keys.Where(name => catalogue.GetValueOrDefault(name) == "embedded").ToList();
        var scraped = await Eventually.ValueAsync<ISet<string>>(async () => await _prometheus.MetricNamesAsync(), names => expected.All(names.Contains), "Prometheus to scrape every series the dashboards read");
        var missing = expected.Where(name => !scraped.Contains(name)).ToList();
        Assert.True(missing.Count == 0, "Not scraped: " + string.Join(", ", missing));

        // The alert rules loaded and evaluate without errors against real series.
        var evaluated = await Eventually.ValueAsync(async () =>
            {
                var rules = await _prometheus.Http.GetFromJsonAsync<JsonElement>("/api/v1/rules");
                return rules.GetProperty("data").GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();
            },
            rules => rules.All(rule => rule.GetProperty("health").GetString() != "unknown"),
            "Prometheus to evaluate every alert rule");
        Assert.Equal(9, evaluated.Count);
        Assert.All(evaluated, rule => Assert.Equal("ok", rule.GetProperty("health").GetString()));
    }

    private static double Value(IReadOnlyList<JsonElement> vector) =>
        vector.Count == 0 ? double.NaN : double.Parse(vector[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
}
