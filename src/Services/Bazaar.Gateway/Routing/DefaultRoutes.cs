using Yarp.ReverseProxy.Configuration;

namespace Bazaar.Gateway.Routing;

/// <summary>
/// The route table the gateway uses when the <c>ReverseProxy</c> section has no routes: DESIGN.md §4's public API,
/// each path to the service that owns it, for every service whose <c>Bazaar:Endpoints:&lt;service&gt;</c> is set.
/// </summary>
public static class DefaultRoutes
{
    private sealed record Route(string Service, string Id, string Path, string[]? Methods = null, int? Order = null);

    private static readonly Route[] Table =
    [
        new("identity", "users", "/api/users/{**rest}"),
        new("identity", "well-known", "/.well-known/{**rest}"),
        new("catalog", "products", "/api/products/{**rest}"),
        new("catalog", "categories", "/api/categories/{**rest}"),
        new("catalog", "images", "/images/{**rest}"),
        new("inventory", "inventory", "/api/inventory/{**rest}"),
        // Stock adjustments sit under catalog's path but belong to inventory, so this route goes first.
        new("inventory", "product-stock", "/api/products/{id}/stock", ["PATCH"], Order: -1),
        new("cart", "cart", "/api/cart/{**rest}"),
        new("ordering", "orders", "/api/orders/{**rest}"),
        new("payment", "payments", "/api/payments/{**rest}"),
        new("notification", "notifications", "/api/notifications/{**rest}"),
        new("analytics", "analytics", "/api/analytics/{**rest}"),
    ];

    /// <summary>The services the default table routes to.</summary>
    public static IReadOnlyList<string> Services { get; } = Table.Select(r => r.Service).Distinct().ToList();

    public static (IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters) For(IReadOnlyDictionary<string, Uri> endpoints)
    {
        var routes = Table
            .Where(r => endpoints.ContainsKey(r.Service))
            .Select(r => new RouteConfig
            {
                RouteId = $"{r.Service}-{r.Id}",
                ClusterId = r.Service,
                Order = r.Order,
                Match = new RouteMatch { Path = r.Path, Methods = r.Methods },
            })
            .ToList();
        var clusters = endpoints
            .Select(e => new ClusterConfig
            {
                ClusterId = e.Key,
                Destinations = new Dictionary<string, DestinationConfig> { [e.Key] = new() { Address = e.Value.ToString() } },
            })
            .ToList();
        return (routes, clusters);
    }
}
