using System.Net;
using System.Text;
using Bazaar.BuildingBlocks.Auth;
using Bazaar.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Bazaar.IntegrationTests.Security;

/// <summary>
/// OWASP API5 (broken function-level authorization): every endpoint that requires the admin role, found from the
/// server's own routing table rather than a list that could fall behind, refuses a customer and an anonymous caller.
/// </summary>
[Collection(SharedHostCollection.Name)]
public sealed class FunctionLevelAuthorizationTests(BazaarHost host)
{
    [Fact]
    public async Task Every_admin_endpoint_refuses_a_customer_with_403_and_an_anonymous_caller_with_401()
    {
        var adminEndpoints = AdminEndpoints().ToList();
        Assert.True(adminEndpoints.Count >= 10, $"only {adminEndpoints.Count} admin endpoints found");
        var customer = await host.NewCustomerAsync("notadmin");
        using var anonymous = host.CreateClient();

        var wrong = new List<string>();
        foreach (var (method, path) in adminEndpoints)
        {
            var asCustomer = await SendAsync(customer.Http, method, path);
            var asAnonymous = await SendAsync(anonymous, method, path);
            if (asCustomer != HttpStatusCode.Forbidden || asAnonymous != HttpStatusCode.Unauthorized)
            {
                wrong.Add($"{method} {path}: customer {(int)asCustomer}, anonymous {(int)asAnonymous}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private IEnumerable<(string Method, string Path)> AdminEndpoints()
    {
        var sources = host.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in sources.Endpoints.OfType<RouteEndpoint>())
        {
            if (!endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == Roles.AdminPolicy))
            {
                continue;
            }
            var path = "/" + string.Join("/", endpoint.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                // Any id will do: authorization is decided before the object is looked up.
                _ => "0192f5e4-0000-7000-8000-000000000000",
            }))));
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                yield return (method, path);
            }
        }
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient http, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
