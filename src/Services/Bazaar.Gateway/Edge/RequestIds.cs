using Microsoft.AspNetCore.Builder;

namespace Bazaar.Gateway.Edge;

/// <summary>
/// Every call through the gateway carries an <c>X-Request-Id</c>, to the service and back to the client: the
/// caller's own when it sent a sensible one, otherwise a new one, so a support request can quote it.
/// </summary>
public static class RequestIds
{
    public const string Header = "X-Request-Id";

    public static IApplicationBuilder UseRequestIds(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var id = context.Request.Headers[Header].ToString();
        if (!IsWellFormed(id))
        {
            id = Guid.NewGuid().ToString("N");
        }
        context.Request.Headers[Header] = id;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        await next(context);
    });

    // A client's id ends up in logs and other services' headers: short and plain characters only.
    private static bool IsWellFormed(string id) =>
        id.Length is > 0 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
