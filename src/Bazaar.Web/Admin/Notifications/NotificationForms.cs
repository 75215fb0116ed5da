using Bazaar.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace Bazaar.Web.Admin.Notifications;

/// <summary>The notification log's Retry button: a failed e-mail goes back in the queue.</summary>
public static class NotificationForms
{
    public static void MapNotificationForms(this RouteGroupBuilder admin) => admin.MapPost("/notifications/{id}/retry", RetryAsync);

    private static async Task<RedirectHttpResult> RetryAsync(string id, [FromForm] string? returnUrl, ShopApi api, HttpContext http)
    {
        var retried = await api.RetryNotificationAsync(id, http.RequestAborted);
        return AdminForms.Report(http, retried, notification => $"“{notification.Subject}” to {notification.Recipient} is queued to be sent again.",
            AdminUrl.Back(returnUrl, "/admin/notifications"));
    }
}
