using Bazaar.Web.Api;
using Bazaar.Web.Session;
using Microsoft.AspNetCore.Mvc;

namespace Bazaar.Web.Storefront;

/// <summary>
/// The cart page's forms, one per line: change the quantity or remove the line. Form posts, so they carry the
/// antiforgery token, which minimal APIs check for every form they bind.
/// </summary>
public static class CartEndpoints
{
    public static void MapCartForms(this IEndpointRouteBuilder app) =>
        app.MapPost("/cart/lines", ChangeLineAsync).ExcludeFromDescription();

    private static async Task<RedirectHttpResult> ChangeLineAsync(
        [FromForm] string productId, [FromForm] int? quantity, [FromForm] string? action, ShopApi api, WebSession session, HttpContext http)
    {
        var result = action == "remove" || quantity == 0
            ? await api.RemoveFromCartAsync(productId, http.RequestAborted)
            : quantity is >= 1 and <= 99
                ? await api.SetCartQuantityAsync(productId, quantity.Value, http.RequestAborted)
                : new ApiProblem(System.Net.HttpStatusCode.BadRequest, "Choose a quantity between 1 and 99.", null, new Dictionary<string, string[]>());
        if (!result.Ok)
        {
            Flash.Set(http, result.Problem.Message, session.SecureCookies);
        }
        return TypedResults.Redirect("/cart");
    }
}
