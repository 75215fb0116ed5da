using System.Net;
using Bazaar.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace Bazaar.Web.Admin.Inventory;

/// <summary>The inventory page's per-product form: add or remove a number of units.</summary>
public static class StockForms
{
    private const int MaxUnits = 1_000_000;

    public static void MapStockForms(this RouteGroupBuilder admin) => admin.MapPost("/inventory/adjust", AdjustAsync);

    private static async Task<RedirectHttpResult> AdjustAsync(
        [FromForm] string productId, [FromForm] string? productName, [FromForm] int? units, [FromForm] string? direction, [FromForm] string? returnUrl,
        ShopApi api, HttpContext http)
    {
        var delta = direction == "remove" ? -units : units;
        var adjusted = units is >= 1 and <= MaxUnits
            ? await api.AdjustStockAsync(productId, delta!.Value, http.RequestAborted)
            : new ApiProblem(HttpStatusCode.BadRequest, $"Enter a number of units from 1 to {MaxUnits}.", null, new Dictionary<string, string[]>());
        var name = string.IsNullOrWhiteSpace(productName) ? productId : productName;
        return AdminForms.Report(http, adjusted,
            stock => $"{(delta > 0 ? "Added" : "Removed")} {Math.Abs(delta!.Value)} of {name}: {stock.Available} now available.",
            AdminUrl.Back(returnUrl, "/admin/inventory"));
    }
}
