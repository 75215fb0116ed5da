using Bazaar.Web.Admin;
using Bazaar.Web.Admin.Analytics;
using Bazaar.Web.Api;
using Bazaar.Web.Components;
using Bazaar.Web.Storefront;

namespace Bazaar.Web;

/// <summary>The pages, the two small JSON answers their scripts ask for, and the analytics dashboard's live events.</summary>
public static class WebEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapRazorComponents<App>().ExcludeFromDescription();
        app.MapCartForms();
        app.MapAdminForms();
        app.MapAnalyticsStream();

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
