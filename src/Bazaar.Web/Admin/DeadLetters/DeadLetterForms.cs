using Bazaar.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace Bazaar.Web.Admin.DeadLetters;

/// <summary>The dead-letter list's Replay button: the handler that gave up runs the event again, once its cause is fixed.</summary>
public static class DeadLetterForms
{
    public static void MapDeadLetterForms(this RouteGroupBuilder admin) => admin.MapPost("/dead-letters/{id}/replay", ReplayAsync);

    private static async Task<RedirectHttpResult> ReplayAsync(string id, [FromForm] string? returnUrl, ShopApi api, HttpContext http)
    {
        // A handler that fails again answers 409 with its error, which the notice shows as the failure it is.
        var replayed = await api.ReplayDeadLetterAsync(id, http.RequestAborted);
        return AdminForms.Report(http, replayed, _ => $"Replayed {id}: the handler succeeded this time.", AdminUrl.Back(returnUrl, "/admin/dead-letters"));
    }
}
