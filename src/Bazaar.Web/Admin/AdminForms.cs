using Bazaar.Web.Admin.DeadLetters;
using Bazaar.Web.Admin.Inventory;
using Bazaar.Web.Admin.Notifications;
using Bazaar.Web.Admin.Orders;
using Bazaar.Web.Api;
using Bazaar.Web.Session;
using Microsoft.AspNetCore.Antiforgery;

namespace Bazaar.Web.Admin;

/// <summary>
/// The admin pages' action buttons (adjust stock, move or cancel an order, retry a notification, replay a dead letter):
/// plain form posts that redirect back to the page they came from, with a notice of what happened. Many small forms on
/// one list page are simpler as endpoints than as Blazor form handlers, which would need a name per row.
/// </summary>
public static class AdminForms
{
    public static void MapAdminForms(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin")
            .ExcludeFromDescription()
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .AddEndpointFilter(RefuseForgedFormsAsync)
            .AddEndpointFilter(AdminOnly.FilterAsync);
        admin.MapStockForms();
        admin.MapOrderForms();
        admin.MapNotificationForms();
        admin.MapDeadLetterForms();
    }

    /// <summary>Shows the outcome on the page the admin goes back to, and sends them there.</summary>
    public static RedirectHttpResult Report<T>(HttpContext http, ApiResult<T> result, Func<T, string> done, string back)
    {
        var session = http.RequestServices.GetRequiredService<WebSession>();
        if (result.Ok)
        {
            AdminNotice.Done(http, done(result.Value), session.SecureCookies);
        }
        else
        {
            AdminNotice.Failed(http, result.Problem.Message, session.SecureCookies);
        }
        return TypedResults.Redirect(back);
    }

    /// <summary>
    /// The antiforgery middleware only records its verdict; minimal APIs act on it when they bind a form field, and an
    /// action such as cancelling an order binds none. So every action here checks it.
    /// </summary>
    private static async ValueTask<object?> RefuseForgedFormsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: true }
            ? await next(context)
            : TypedResults.BadRequest("The form has expired or did not come from this site: go back, reload the page and try again.");
}
