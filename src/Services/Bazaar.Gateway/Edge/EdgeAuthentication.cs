using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;

namespace Bazaar.Gateway.Edge;

/// <summary>
/// A bearer token that does not validate is refused here with 401, before any service sees it. Calls without a
/// token pass: which endpoints need a user is each service's own policy.
/// </summary>
public static class EdgeAuthentication
{
    public static IApplicationBuilder UseEdgeAuthentication(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // UseAuthentication has already validated the token, if any, and set the user from it.
        var presentsBearer = context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        if (presentsBearer && context.User.Identity?.IsAuthenticated != true)
        {
            await context.ChallengeAsync(JwtBearerDefaults.AuthenticationScheme);
            return;
        }
        await next(context);
    });
}
