namespace Bazaar.Web;

/// <summary>Which requests are the storefront's: everything the API, health and telemetry endpoints do not claim.</summary>
public static class WebPaths
{
    private static readonly string[] NotPages = ["/api", "/health", "/metrics", "/openapi", "/docs", "/.well-known", "/images", "/bench"];

    public static bool IsPage(PathString path) => !NotPages.Any(prefix => path.StartsWithSegments(prefix));
}
