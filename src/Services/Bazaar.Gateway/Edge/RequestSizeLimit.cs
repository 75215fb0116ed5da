using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bazaar.Gateway.Edge;

/// <summary>
/// Refuses a declared body over the limit with 413 before opening a connection to a service. Kestrel enforces the
/// same limit (<c>Bazaar:MaxRequestBodyBytes</c>) on bodies sent without a length while they stream.
/// </summary>
public static class RequestSizeLimit
{
    public static IApplicationBuilder UseRequestSizeLimit(this IApplicationBuilder app, long maxBytes) => app.Use(async (context, next) =>
    {
        if (context.Request.ContentLength > maxBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }
        await next(context);
    });
}
