using Bazaar.Web.Admin;
using Bazaar.Web.Api;
using Bazaar.Web.Components;
using Bazaar.Web.Storefront;

namespace Bazaar.Web;

/// <summary>The pages, and the two small JSON answers their scripts ask for.</summary>
public static class WebEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapRazorComponents<App>().ExcludeFromDescription();
        app.MapCartForms();
        app.MapAdminForms();

        // The order page's script asks this until the order has settled; answered from the API on the visitor's behalf.
        app.MapGet("/orders/{id}/status", async (string id, ShopApi api, CancellationToken ct) =>
        {
            var order = await api.OrderAsync(id, ct);
            return order.Ok
                ? Results.Json(new { status = order.Value.Status, cancellationReason = order.Value.CancellationReason })
                : Results.Json(new { error = order.Problem.Message }, statusCode: (int)order.Problem.Status);
        }).ExcludeFromDescription();

        // Suggestions while typing in the search box.
        app.MapGet("/catalog/suggestions", async (string? q, ShopApi api, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(q) || q.Length > 100)
            {
                return Results.Json(Array.Empty<string>());
            }
            var suggestions = await api.SuggestionsAsync(q.Trim(), ct);
            return Results.Json(suggestions.Ok ? suggestions.Value : []);
        }).ExcludeFromDescription();
    }
}
