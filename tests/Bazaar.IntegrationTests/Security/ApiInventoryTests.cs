using System.Text.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Bazaar.IntegrationTests.Security;

/// <summary>
/// OWASP API9 (improper inventory management): every route the server answers is in its OpenAPI document, apart from
/// the operational endpoints every process has, so no forgotten or undocumented endpoint hides behind the documented ones.
/// </summary>
[Collection(SharedHostCollection.Name)]
public sealed class ApiInventoryTests(BazaarHost host)
{
    /// <summary>Operational, not the shop's API: health, metrics, the documents themselves.</summary>
    private static readonly string[] Operational = ["/health", "/health/live", "/health/ready", "/metrics", "/openapi/{documentName}.json", "/docs", "/"];

    [Fact]
    public async Task Every_mapped_route_is_in_the_openapi_document()
    {
        using var http = host.CreateClient();
        using var document = JsonDocument.Parse(await (await http.GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync());
        var documented = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            .ToHashSet(StringComparer.Ordinal);

        var mapped = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !Operational.Any(o => Pattern(e).Equals(o, StringComparison.Ordinal) || Pattern(e).StartsWith("/docs/", StringComparison.Ordinal)))
            // The storefront's pages and their forms are HTML for people, not the API.
            .Where(e => !Bazaar.Web.WebPaths.IsPage(new PathString(Pattern(e))))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {Pattern(e)}"))
            .ToList();

        Assert.NotEmpty(mapped);
        var undocumented = mapped.Where(route => !documented.Contains(route)).ToList();
        Assert.True(undocumented.Count == 0, "Routes missing from /openapi/v1.json:\n" + string.Join("\n", undocumented));
    }

    private static string Pattern(RouteEndpoint endpoint) => "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
}
