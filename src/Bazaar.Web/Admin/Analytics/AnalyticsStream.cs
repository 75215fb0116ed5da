using Bazaar.Web.Api;
using Microsoft.AspNetCore.Http.Features;

namespace Bazaar.Web.Admin.Analytics;

/// <summary>
/// The dashboard's live updates: the analytics API's server-sent events, relayed to the admin's browser with the
/// admin's access token, which never reaches the page. Each event is passed on as it arrives, never held back.
/// </summary>
public static class AnalyticsStream
{
    public const string Path = "/admin/analytics/stream";

    public static void MapAnalyticsStream(this IEndpointRouteBuilder app) =>
        app.MapGet(Path, RelayAsync)
            .ExcludeFromDescription()
            .AddEndpointFilter(AdminOnly.FilterAsync);

    private static async Task<Results<EmptyHttpResult, StatusCodeHttpResult>> RelayAsync(HttpContext http, ShopApi api, IHostApplicationLifetime lifetime)
    {
        // The relay ends when the browser goes away, and when the shop stops: an open stream must not hold up its shutdown.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var ct = stop.Token;
        ApiResult<HttpResponseMessage> opened;
        try
        {
            opened = await api.AnalyticsStreamAsync(http.Request.Headers["Last-Event-ID"].FirstOrDefault(), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return TypedResults.Empty;
        }
        if (!opened.Ok)
        {
            // EventSource gives up on any answer but 200, and the page shows the stream as off: 404 while the shop has no
            // analytics, the API's refusal, or 502 when it could not be reached.
            return TypedResults.StatusCode(opened.Problem.Status is System.Net.HttpStatusCode.ServiceUnavailable
                ? StatusCodes.Status502BadGateway
                : (int)opened.Problem.Status);
        }

        using var upstream = opened.Value;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache, no-store";
        // Proxies in front of the storefront (nginx) would otherwise gather the events into larger chunks.
        http.Response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            await http.Response.StartAsync(ct);
            await using var events = await upstream.Content.ReadAsStreamAsync(ct);
            // Each read returns what has arrived so far, and each write to Kestrel is flushed: events go through one by one.
            await events.CopyToAsync(http.Response.Body, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The browser left, or the shop is stopping.
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException)
        {
            // The API's side broke off: ending the response makes the browser's EventSource reconnect.
        }
        return TypedResults.Empty;
    }
}
