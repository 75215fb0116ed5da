using Bazaar.Web.Api;

namespace Bazaar.Web.Session;

/// <summary>
/// Before a page renders: reads who is browsing, and renews their access token when it is about to run out (the
/// cookie must be rewritten before the page starts). A refresh token the API no longer accepts ends the sign-in.
/// </summary>
public sealed class SessionMiddleware(RequestDelegate next, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context, WebSession session, ShopApi api)
    {
        await session.LoadAsync();
        context.User = session.User;
        if (session.IsSignedIn && session.NeedsRenewal(time) && session.RefreshToken is { } refreshToken)
        {
            var renewed = await api.RefreshAsync(refreshToken, context.RequestAborted);
            if (renewed.Ok)
            {
                await session.RenewAsync(renewed.Value, time);
            }
            else if (renewed.Problem.Status is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.BadRequest)
            {
                await session.SignOutAsync();
                context.User = session.User;
            }
        }
        await next(context);
    }
}
