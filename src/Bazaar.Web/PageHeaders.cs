namespace Bazaar.Web;

/// <summary>
/// The storefront's pages may load styles, scripts and images from the shop itself only: no inline script, no other
/// origin, never framed. Set before the process-wide API headers, which then leave them alone.
/// </summary>
public static class PageHeaders
{
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src 'self'; font-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    public static Task AddAsync(HttpContext context, Func<Task> next)
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpContext)state).Response.Headers;
            headers.ContentSecurityPolicy = Policy;
            headers.TryAdd("Referrer-Policy", "strict-origin-when-cross-origin");
            headers.TryAdd("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
            return Task.CompletedTask;
        }, context);
        return next();
    }
}
