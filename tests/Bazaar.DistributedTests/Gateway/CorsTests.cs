using Bazaar.DistributedTests.Infrastructure;
using Xunit;

namespace Bazaar.DistributedTests.Gateway;

/// <summary>
/// OWASP API8 (misconfiguration), cross-origin calls: the gateway shares credentials with the origins it names and
/// with no other, and refuses to start with a wildcard that would share them with every site.
/// </summary>
public sealed class CorsTests(GatewayShop shop) : IClassFixture<GatewayShop>
{
    private const string Storefront = "https://shop.bazaar.test";

    [Fact]
    public async Task Only_a_named_origin_is_allowed_with_credentials_and_never_as_a_wildcard()
    {
        var gateway = await shop.StartGatewayAsync(new() { ["Bazaar:Gateway:CorsOrigins"] = Storefront });
        try
        {
            using var http = gateway.CreateClient();
            using var allowed = await PreflightAsync(http, Storefront);
            Assert.Equal(Storefront, Header(allowed, "Access-Control-Allow-Origin"));
            Assert.Equal("true", Header(allowed, "Access-Control-Allow-Credentials"));

            using var foreign = await PreflightAsync(http, "https://evil.example");
            Assert.Null(Header(foreign, "Access-Control-Allow-Origin"));
            Assert.Null(Header(foreign, "Access-Control-Allow-Credentials"));
        }
        finally
        {
            await gateway.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_wildcard_origin_stops_the_gateway_at_start_up()
    {
        var failure = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => shop.StartGatewayAsync(new() { ["Bazaar:Gateway:CorsOrigins"] = "*" }));
        Assert.Contains("cannot contain a wildcard", failure.Message, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PreflightAsync(HttpClient http, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/cart");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return http.SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
