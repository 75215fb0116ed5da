using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Bazaar.IntegrationTests.Observability;
using Xunit;

namespace Bazaar.IntegrationTests.Hosting;

[Collection(SharedHostCollection.Name)]
public sealed class HealthAndMetricsTests(BazaarHost host)
{
    private static readonly string[] Databases =
        ["identity-database", "catalog-database", "inventory-database", "cart-database", "ordering-database", "payment-database", "notification-database"];

    [Fact]
    public async Task Health_answers_healthy_with_a_check_of_every_services_database()
    {
        using var http = host.CreateClient();

        var health = await (await http.GetAsync("/health")).JsonAsync();

        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.Superset(Databases.ToHashSet(), CheckNames(health));
    }

    [Fact]
    public async Task Liveness_checks_only_the_process_and_readiness_checks_each_database()
    {
        using var http = host.CreateClient();

        var live = await (await http.GetAsync("/health/live")).JsonAsync();
        var ready = await (await http.GetAsync("/health/ready")).JsonAsync();

        Assert.Equal("Healthy", live.GetProperty("status").GetString());
        Assert.DoesNotContain(CheckNames(live), name => name.EndsWith("-database", StringComparison.Ordinal));
        Assert.NotEmpty(CheckNames(live));
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.Superset(Databases.ToHashSet(), CheckNames(ready));
        Assert.All(ready.GetProperty("checks").EnumerateArray(), c => Assert.Equal("Healthy", c.GetProperty("status").GetString()));
    }

    /// <summary>
    /// Runs on a server process of its own: hosts sharing the test process share their meters' instruments, and
    /// stopping any one of them ends those instruments in every other host's /metrics.
    /// </summary>
    [Fact]
    public async Task Metrics_count_http_requests_orders_placed_the_outbox_backlog_and_the_analytics_stream()
    {
        var server = new BazaarProcess();
        await server.InitializeAsync();
        try
        {
            using var http = server.CreateClient();
            var before = Sum(await ScrapeAsync(http), "bazaar_orders_placed");
            var username = MoreShop.UniqueWord("metrics");
            await (await http.PostAsJsonAsync("/api/users/register", new { username, email = $"{username}@example.com", password = "Correct-Horse-9" }))
                .EnsureStatusAsync(HttpStatusCode.Created);
            var login = await (await http.PostAsJsonAsync("/api/users/login", new { username, password = "Correct-Horse-9" })).JsonAsync();
            using var customer = server.CreateClient(login.GetProperty("accessToken").GetString());

            await customer.CheckoutAsync(items: new[] { new { productId = DemoProducts.Plentiful(56).Id, quantity = 1 } });

            var text = "";
            await Eventually.TrueAsync(async () =>
            {
                text = await ScrapeAsync(http);
                return Sum(text, "bazaar_orders_placed") >= before + 1 && text.Contains("bazaar_outbox_backlog", StringComparison.Ordinal)
                    && Sum(text, "bazaar_analytics_events") >= 1;
            }, "the metrics to count the checkout and the analytics stream to checkpoint it");
            Assert.Contains("http_server_request_duration", text, StringComparison.Ordinal);
            Assert.Contains("# TYPE bazaar_orders_placed", text, StringComparison.Ordinal);
            Assert.Contains("bazaar_events_published", text, StringComparison.Ordinal);
            Assert.Contains("# TYPE bazaar_analytics_late_events", text, StringComparison.Ordinal);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task<string> ScrapeAsync(HttpClient http)
    {
        var response = await http.GetAsync("/metrics");
        await response.EnsureStatusAsync(HttpStatusCode.OK);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of every sample of a metric (all label sets), from Prometheus text.</summary>
    private static double Sum(string text, string metric)
    {
        var total = 0d;
        foreach (var line in text.Split('\n').Where(l => l.StartsWith(metric, StringComparison.Ordinal)))
        {
            var rest = line.Contains('}', StringComparison.Ordinal) ? line[(line.LastIndexOf('}') + 1)..] : line[line.IndexOf(' ', StringComparison.Ordinal)..];
            total += double.Parse(rest.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        return total;
    }

    private static HashSet<string> CheckNames(JsonElement health) =>
        health.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToHashSet();
}
