using Bazaar.Web.Components;

namespace Bazaar.Web;

/// <summary>
/// A page address nothing answers gets the storefront's own not-found page (the router's), not the API's problem
/// document. Only where no endpoint matched, so the API's own 404, 405 and the rest are left as they are, and only
/// for a browser (it asks for HTML): an API client that strays still gets problem details.
/// </summary>
public static class PageNotFound
{
    public static async Task RenderAsync(HttpContext context, Func<Task> next)
    {
        await next();
        if (context.Response.StatusCode == StatusCodes.Status404NotFound && !context.Response.HasStarted
            && context.GetEndpoint() is null && HttpMethods.IsGet(context.Request.Method)
            && context.Request.GetTypedHeaders().Accept.Any(type => type.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase)))
        {
            await new RazorComponentResult<App> { StatusCode = StatusCodes.Status404NotFound }.ExecuteAsync(context);
        }
    }
}
