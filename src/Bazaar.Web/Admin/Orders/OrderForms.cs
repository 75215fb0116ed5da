using Bazaar.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace Bazaar.Web.Admin.Orders;

/// <summary>The order page's buttons: move an order along (shipped, delivered), or cancel it, which refunds a paid order.</summary>
public static class OrderForms
{
    public static void MapOrderForms(this RouteGroupBuilder admin)
    {
        admin.MapPost("/orders/{id}/status", ChangeStatusAsync);
        admin.MapPost("/orders/{id}/cancel", CancelAsync);
    }

    public static string OrderPage(string id) => $"/admin/orders/{Uri.EscapeDataString(id)}";

    private static async Task<RedirectHttpResult> ChangeStatusAsync(string id, [FromForm] string status, ShopApi api, HttpContext http)
    {
        var changed = await api.ChangeOrderStatusAsync(id, status, http.RequestAborted);
        return AdminForms.Report(http, changed, order => $"Order {order.Id} is now {order.Status}.", OrderPage(id));
    }

    private static async Task<RedirectHttpResult> CancelAsync(string id, ShopApi api, HttpContext http)
    {
        var cancelled = await api.CancelOrderAsync(id, http.RequestAborted);
        return AdminForms.Report(http, cancelled,
            order => order.PaidAt is null
                ? $"Order {order.Id} is cancelled. It was not paid, so there is nothing to refund."
                : $"Order {order.Id} is cancelled, and its payment is being refunded.",
            OrderPage(id));
    }
}
