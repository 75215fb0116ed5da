using System.Net;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Security;

/// <summary>
/// OWASP API8 (security misconfiguration): protective headers on every response, errors without internals, no server
/// banner, and no API reference page outside Development unless asked for. CORS is the gateway's (tested with it).
/// </summary>
[Collection(SharedHostCollection.Name)]
public sealed class MisconfigurationTests(BazaarHost host)
{
    [Theory]
    [InlineData("/api/products?pageSize=1")]
    [InlineData("/api/products/no-such-product")]
    [InlineData("/api/users/me")]
    [InlineData("/health/ready")]
    public async Task Every_response_carries_the_protective_headers_and_no_server_banner(string path)
    {
        using var http = host.CreateClient();
        using var response = await http.GetAsync(path);

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
        Assert.False(response.Headers.Contains("Server"), "the server names itself");
    }

    [Fact]
    public async Task An_error_says_what_went_wrong_and_nothing_about_the_code()
    {
        using var http = host.CreateClient();
        using var response = await http.PostAsync("/api/users/register", MoreShop.RawJson("""{"username": ["not", "a", "string"]}"""));

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain(".cs:", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_Development_the_API_reference_page_is_off_unless_enabled()
    {
        var production = BazaarHost.With(new() { ["Bazaar:Docs:Enabled"] = null, ["Bazaar:Services"] = "catalog" });
        await production.InitializeAsync();
        try
        {
            using var http = production.CreateClient();
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/docs")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/")).StatusCode);
            // The machine-readable document stays: clients and the gateway are built from it.
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/openapi/v1.json")).StatusCode);
        }
        finally
        {
            await production.DisposeAsync();
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;
}
