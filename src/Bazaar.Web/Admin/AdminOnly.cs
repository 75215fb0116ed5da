using Bazaar.Web.Session;

namespace Bazaar.Web.Admin;

/// <summary>
/// The gate of the admin area's endpoints (form posts, the analytics stream), as <see cref="AdminLayout"/> is of its
/// pages. The API checks the role on every call too; this keeps others from even reaching it through them.
/// </summary>
public static class AdminOnly
{
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var session = context.HttpContext.RequestServices.GetRequiredService<WebSession>();
        if (!session.IsSignedIn)
        {
            return TypedResults.Redirect("/account/login?returnUrl=%2Fadmin");
        }
        if (!session.IsAdmin)
        {
            return TypedResults.StatusCode(StatusCodes.Status403Forbidden);
        }
        return await next(context);
    }
}
