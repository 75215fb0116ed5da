using System.Net;
using System.Text.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Hosting;

/// <summary>Hosts of their own that run a chosen set of services, as one process of the distributed shape does.</summary>
public sealed class ServiceSelectionTests
{
    [Fact]
    public async Task A_host_of_catalog_and_cart_serves_their_endpoints_and_nothing_of_the_others()
    {
        var host = BazaarHost.With(new() { ["Bazaar:Services"] = "catalog,cart" });
        await host.InitializeAsync();
        try
        {
            using var http = host.CreateClient();

            var products = await (await http.GetAsync("/api/products")).JsonAsync();
            Assert.True(products.GetProperty("totalCount").GetInt32() >= 150);
            await (await http.GetAsync("/api/cart")).JsonAsync();

            await (await http.GetAsync("/api/orders")).ProblemAsync(HttpStatusCode.NotFound);
            await (await http.GetAsync("/api/users/me")).ProblemAsync(HttpStatusCode.NotFound);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/inventory/{DemoProducts.First}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/.well-known/jwks.json")).StatusCode);
            var ready = await (await http.GetAsync("/health/ready")).JsonAsync();
            var checks = ready.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
            Assert.Contains("catalog-database", checks);
            Assert.Contains("cart-database", checks);
            Assert.DoesNotContain("ordering-database", checks);
            var openApi = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json")).RootElement;
            var paths = openApi.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
            Assert.Contains("/api/products", paths);
            Assert.DoesNotContain("/api/orders", paths);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_unknown_service_name_fails_start_up_naming_it()
    {
        var host = BazaarHost.With(new() { ["Bazaar:Services"] = "catalog,warehouse" });

        var error = await Assert.ThrowsAsync<ArgumentException>(host.InitializeAsync);

        Assert.Contains("warehouse", error.Message, StringComparison.Ordinal);
        if (Directory.Exists(host.DataDirectory))
        {
            Directory.Delete(host.DataDirectory, recursive: true);
        }
    }
}
