using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bazaar.BuildingBlocks.Hosting;

/// <summary>
/// The headers that keep an API response from being used against its client: never sniffed into something executable,
/// never framed, never leaking the URL it was asked from, never allowed to load anything when opened in a browser.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>API responses are data: nothing in them may run, load or be framed.</summary>
    private const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // Added as the response starts, so that a proxied response's own headers (the gateway's) are not doubled.
            context.Response.OnStarting(static state =>
            {
                var http = (HttpContext)state;
                var headers = http.Response.Headers;
                headers.TryAdd("X-Content-Type-Options", "nosniff");
                headers.TryAdd("X-Frame-Options", "DENY");
                headers.TryAdd("Referrer-Policy", "no-referrer");
                // The API reference page is the one HTML page here; it brings its own scripts and styles.
                if (!http.Request.Path.StartsWithSegments("/docs"))
                {
                    headers.TryAdd("Content-Security-Policy", ApiPolicy);
                }
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
}
