using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bazaar.DistributedTests.Infrastructure;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.DistributedTests.Gateway;

public sealed class GatewayTests(GatewayShop shop) : IClassFixture<GatewayShop>
{
    [Fact]
    public async Task Product_reads_logins_and_stock_changes_reach_their_services_through_the_gateway()
    {
        using var anonymous = shop.Gateway.CreateClient();
        var product = await (await anonymous.GetAsync($"/api/products/{DemoProducts.First}")).JsonAsync();
        Assert.Equal(DemoProducts.First, product.GetProperty("id").GetString());
        var categories = await (await anonymous.GetAsync("/api/categories")).JsonAsync();
        Assert.True(categories.GetArrayLength() > 0);

        var tokens = await shop.Gateway.LoginAsync(BazaarHost.AdminEmail, BazaarHost.AdminPassword);
        using var admin = shop.Gateway.CreateClient(tokens.AccessToken);
        var me = await (await admin.GetAsync("/api/users/me")).JsonAsync();
        Assert.Equal(BazaarHost.AdminEmail, me.GetProperty("email").GetString());

        // PATCH …/stock sits under catalog's path but belongs to inventory.
        var productId = DemoProducts.Plentiful(7).Id;
        var before = await admin.StockAsync(productId);
        var adjusted = await admin.PatchAsJsonAsync($"/api/products/{productId}/stock", new { delta = 2 });
        await adjusted.EnsureStatusAsync(HttpStatusCode.OK);
        Assert.Equal((before.Available + 2, before.Reserved), await admin.StockAsync(productId));
    }

    [Fact]
    public async Task A_tampered_token_is_refused_at_the_edge_even_where_the_service_would_allow_anonymous_reads()
    {
        var tokens = await shop.Gateway.LoginAsync(BazaarHost.AdminEmail, BazaarHost.AdminPassword);
        var parts = tokens.AccessToken.Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(Base64UrlDecode(parts[1])).Replace("\"role\":\"admin\"", "\"role\":\"adminx\"", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(payload))}.{parts[2]}";

        using var throughGateway = shop.Gateway.CreateClient(tampered);
        var refused = await throughGateway.GetAsync($"/api/products/{DemoProducts.First}");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains(refused.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");

        // The product read itself is public: the service answers it, so the 401 came from the gateway.
        using var direct = shop.Shop.CreateClient(tampered);
        Assert.Equal(HttpStatusCode.OK, (await direct.GetAsync($"/api/products/{DemoProducts.First}")).StatusCode);
    }

    [Fact]
    public async Task Logins_beyond_the_limit_are_answered_429_with_Retry_After_while_other_calls_go_on()
    {
        var gateway = await shop.StartGatewayAsync(new()
        {
            ["Bazaar:Gateway:RateLimits:Login:PermitLimit"] = "3",
            ["Bazaar:Gateway:RateLimits:Login:Window"] = "00:01:00",
        });
        try
        {
            using var http = gateway.CreateClient();
            for (var i = 0; i < 3; i++)
            {
                var attempt = await http.PostAsJsonAsync("/api/users/login", new { username = "nobody-" + i, password = "Wrong-Passw0rd" });
                Assert.NotEqual(HttpStatusCode.TooManyRequests, attempt.StatusCode);
            }

            var limited = await http.PostAsJsonAsync("/api/users/login", new { username = "nobody", password = "Wrong-Passw0rd" });
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            var retryAfter = limited.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/products/{DemoProducts.First}")).StatusCode);
        }
        finally
        {
            await gateway.DisposeAsync();
        }
    }

    [Fact]
    public async Task Every_call_carries_a_request_id_and_the_trace_context_to_the_service_and_back()
    {
        using var http = shop.Gateway.CreateClient();
        var generated = await http.GetAsync($"/api/products/{DemoProducts.First}");
        var generatedId = Assert.Single(generated.Headers.GetValues("X-Request-Id"));
        Assert.False(string.IsNullOrWhiteSpace(generatedId));
        Assert.Contains(shop.Received, r => r.RequestId == generatedId);

        // A client without its own tracing, so the traceparent sent is the one below.
        using var untraced = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = shop.Gateway.BaseAddress };
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/categories");
        request.Headers.Add("X-Request-Id", "support-case-42");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        var given = await untraced.SendAsync(request);
        Assert.Equal("support-case-42", Assert.Single(given.Headers.GetValues("X-Request-Id")));
        var received = Assert.Single(shop.Received, r => r.RequestId == "support-case-42");
        Assert.NotNull(received.TraceParent);
        Assert.Equal(traceId, received.TraceParent.Split('-')[1]);
    }

    [Fact]
    public async Task Readiness_lists_every_downstream_service_and_fails_when_one_is_down()
    {
        using var http = shop.Gateway.CreateClient();
        var ready = await (await http.GetAsync("/health/ready")).JsonAsync();
        var checks = ready.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        foreach (var service in GatewayShop.Services)
        {
            Assert.Equal("Healthy", checks.GetValueOrDefault(service));
        }

        var gateway = await shop.StartGatewayAsync(new() { ["Bazaar:Endpoints:payment"] = "http://127.0.0.1:9" });
        try
        {
            using var degraded = gateway.CreateClient();
            var response = await degraded.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var report = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            Assert.Contains(report.GetProperty("checks").EnumerateArray(),
                c => c.GetProperty("name").GetString() == "payment" && c.GetProperty("status").GetString() == "Unhealthy");
        }
        finally
        {
            await gateway.DisposeAsync();
        }
    }

    [Fact]
    public async Task Declared_bodies_over_the_limit_are_refused_before_forwarding()
    {
        using var http = shop.Gateway.CreateClient();
        using var content = new ByteArrayContent(new byte[2 * 1024 * 1024]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await http.PostAsync("/api/users/register", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private static byte[] Base64UrlDecode(string text) => Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/').PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
