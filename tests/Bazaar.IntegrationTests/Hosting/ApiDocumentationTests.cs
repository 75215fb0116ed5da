using System.Net;
using System.Text.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Hosting;

[Collection(SharedHostCollection.Name)]
public sealed class ApiDocumentationTests(BazaarHost host)
{
    [Fact]
    public async Task The_openapi_document_is_valid_json_describing_the_public_api()
    {
        using var http = host.CreateClient();

        var response = await http.GetAsync("/openapi/v1.json");

        await response.EnsureStatusAsync(HttpStatusCode.OK);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "/api/products", "/api/products/{id}", "/api/orders", "/api/users/login", "/api/users/register", "/api/cart", "/api/inventory/{productId}",
        }, paths);
        Assert.True(document.GetProperty("paths").GetProperty("/api/users/login").TryGetProperty("post", out _));
    }

    [Fact]
    public async Task The_docs_page_answers_with_html_after_its_redirects()
    {
        using var http = host.CreateClient();

        var docs = await http.GetAsync("/docs");
        var root = await http.GetAsync("/");

        await docs.EnsureStatusAsync(HttpStatusCode.OK);
        Assert.Equal("text/html", docs.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await docs.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        await root.EnsureStatusAsync(HttpStatusCode.OK);
        Assert.Equal("text/html", root.Content.Headers.ContentType?.MediaType);
    }
}
