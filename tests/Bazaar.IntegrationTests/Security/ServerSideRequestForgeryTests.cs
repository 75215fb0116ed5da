using System.Net;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Security;

/// <summary>
/// OWASP API7 (server-side request forgery): a product's picture URL is a path on this site or an https URL on a
/// configured image host, and never the shop's own machine or network, even when an admin lists such a host.
/// </summary>
public sealed class ServerSideRequestForgeryTests
{
    [Fact]
    public async Task A_product_picture_is_only_a_local_path_or_https_on_an_allowed_host_never_an_internal_address()
    {
        var shop = BazaarHost.With(new()
        {
            ["Bazaar:Services"] = "identity,catalog",
            ["Bazaar:Catalog:ImageHosts:0"] = "cdn.bazaar.test",
            ["Bazaar:Catalog:ImageHosts:1"] = "127.0.0.1",
            ["Bazaar:Catalog:ImageHosts:2"] = "169.254.169.254",
        });
        await shop.InitializeAsync();
        try
        {
            using var admin = await shop.AdminAsync();
            string[] allowed = ["/images/products/mine.svg", "https://cdn.bazaar.test/p/1.jpg"];
            string[] refused =
            [
                "http://cdn.bazaar.test/p/1.jpg", "https://evil.example/p.jpg", "https://cdn.bazaar.test.evil.example/p.jpg",
                "https://cdn.bazaar.test@evil.example/p.jpg", "https://user@cdn.bazaar.test/p.jpg", "https://cdn.bazaar.test:8443/p.jpg",
                "https://127.0.0.1/p.jpg", "https://169.254.169.254/latest/meta-data/", "http://localhost/p.jpg", "https://[::1]/p.jpg",
                "https://10.0.0.5/p.jpg", "https://192.168.1.1/p.jpg", "https://[::ffff:127.0.0.1]/p.jpg", "//evil.example/p.jpg",
                "/\\evil.example/p.jpg", "file:///etc/passwd", "gopher://127.0.0.1:6379/_FLUSHALL", "javascript:alert(1)",
            ];

            foreach (var url in allowed)
            {
                var created = await admin.CreateProductAsync(WithImage(url));
                Assert.Equal(url, created.GetProperty("imageUrl").GetString());
            }
            foreach (var url in refused)
            {
                using var response = await admin.PostAsync("/api/products", System.Net.Http.Json.JsonContent.Create(WithImage(url)));
                var problem = await response.ClientErrorProblemAsync();
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest && problem.GetProperty("errors").TryGetProperty("imageUrl", out _),
                    $"{url} was not refused: {(int)response.StatusCode} {problem}");
            }
        }
        finally
        {
            await shop.DisposeAsync();
        }
    }

    private static Dictionary<string, object?> WithImage(string url)
    {
        var body = MoreShop.ProductBody();
        body["imageUrl"] = url;
        return body;
    }
}
