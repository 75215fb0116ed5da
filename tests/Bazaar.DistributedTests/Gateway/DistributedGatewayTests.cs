using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.DistributedTests.Infrastructure;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.DistributedTests.Gateway;

/// <summary>The gateway in front of services that each run in a process of their own.</summary>
[Collection(DistributedShopCollection.Name)]
public sealed class DistributedGatewayTests(DistributedShop shop)
{
    [Fact]
    public async Task A_forwarded_call_reaches_the_service_with_the_callers_trace_and_a_request_id_and_the_service_logs_them()
    {
        var traceId = Guid.NewGuid().ToString("N");
        using var http = shop.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/products/{DemoProducts.First}");
        request.Headers.Add("traceparent", $"00-{traceId}-{Guid.NewGuid().ToString("N")[..16]}-01");

        var response = await http.SendAsync(request);

        await response.EnsureStatusAsync(HttpStatusCode.OK);
        var requestId = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.False(string.IsNullOrWhiteSpace(requestId));
        var catalog = shop.Replicas("catalog")[0];
        await Eventually.TrueAsync(() => Task.FromResult(catalog.ReadLog().Contains(traceId, StringComparison.Ordinal)),
            "catalog's log to show the request under the caller's trace id");
    }

    [Fact]
    public async Task A_call_without_a_valid_token_is_refused_at_the_edge_and_never_reaches_the_service()
    {
        var traceId = Guid.NewGuid().ToString("N");
        using var http = shop.CreateClient("not-a-token");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/products/{DemoProducts.First}");
        request.Headers.Add("traceparent", $"00-{traceId}-{Guid.NewGuid().ToString("N")[..16]}-01");

        var refused = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.DoesNotContain(traceId, shop.Replicas("catalog")[0].ReadLog(), StringComparison.Ordinal);
        using var anonymous = shop.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/orders")).StatusCode);
    }

    [Fact]
    public async Task A_burst_past_the_anonymous_limit_is_answered_429_with_Retry_After()
    {
        var gateway = await shop.StartGatewayAsync(new()
        {
            ["Bazaar:Gateway:RateLimits:Anonymous:PermitLimit"] = "5",
            ["Bazaar:Gateway:RateLimits:Anonymous:Window"] = "00:01:00",
            // Counted in its own memory: the shared gateway's Redis counters for this client IP hold the other tests' calls.
            ["Bazaar:Redis:Configuration"] = "",
        });
        try
        {
            using var http = new HttpClient { BaseAddress = gateway.Url };
            var burst = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => http.GetAsync($"/api/products/{DemoProducts.First}")));

            Assert.Equal(5, burst.Count(r => r.StatusCode == HttpStatusCode.OK));
            var limited = burst.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            Assert.Equal(7, limited.Count);
            Assert.All(limited, r => Assert.NotNull(r.Headers.RetryAfter?.Delta));
        }
        finally
        {
            await gateway.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_discovery_document_read_through_the_gateway_gives_the_gateways_own_address_for_the_keys()
    {
        using var http = shop.CreateClient();

        var discovery = await (await http.GetAsync("/.well-known/openid-configuration")).JsonAsync();

        var jwksUri = new Uri(discovery.GetProperty("jwks_uri").GetString()!);
        Assert.Equal(shop.BaseAddress.Authority, jwksUri.Authority);
        var keys = await (await http.GetAsync(jwksUri.PathAndQuery)).JsonAsync();
        Assert.NotEqual(0, keys.GetProperty("keys").GetArrayLength());
    }

    [Fact]
    public async Task The_gateways_readiness_reports_every_service_behind_it()
    {
        using var http = shop.CreateClient();

        var ready = await http.GetAsync("/health/ready");

        await ready.EnsureStatusAsync(HttpStatusCode.OK);
        var checks = (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        foreach (var service in DistributedShop.Services)
        {
            Assert.Equal("Healthy", checks.GetValueOrDefault(service));
        }
    }
}
