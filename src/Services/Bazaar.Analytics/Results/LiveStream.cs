using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Analytics.Results;

/// <summary>
/// <c>GET /api/analytics/stream</c>: each window or sliding view stored from now on (closed, or corrected with a new
/// revision) as a <c>window</c> event, each new anomaly as an <c>anomaly</c> event, and a <c>ping</c> now and then so
/// proxies keep the connection open. It reads what the database holds, so it follows the stream whichever replica
/// runs it; this process's own commits wake it at once.
/// </summary>
public static class LiveStream
{
    private static readonly TimeSpan LookInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(15);

    public static ServerSentEventsResult<object> Open(IServiceScopeFactory scopes, ResultFeed feed, TimeProvider time, CancellationToken cancellationToken) =>
        TypedResults.ServerSentEvents(EventsAsync(scopes, feed, time, cancellationToken));

    private static async IAsyncEnumerable<SseItem<object>> EventsAsync(
        IServiceScopeFactory scopes, ResultFeed feed, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = await LatestPositionAsync(scopes, cancellationToken);
        var lastSent = time.GetTimestamp();
        yield return new SseItem<object>(new { position = seen }, "ping");
        while (!cancellationToken.IsCancellationRequested)
        {
            var stored = feed.Next;
            try
            {
                await stored.WaitAsync(LookInterval, time, cancellationToken);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
            var windows = await db.Windows.AsNoTracking().Where(w => w.FeedPosition > seen).OrderBy(w => w.FeedPosition).ThenBy(w => w.Start).ToListAsync(cancellationToken);
            var anomalies = await db.Anomalies.AsNoTracking().Where(a => a.FeedPosition > seen).OrderBy(a => a.FeedPosition).ThenBy(a => a.WindowStart).ToListAsync(cancellationToken);
            foreach (var window in windows)
            {
                yield return new SseItem<object>(ResultStore.ReadWindow(window.Result), "window");
                seen = Math.Max(seen, window.FeedPosition);
            }
            foreach (var anomaly in anomalies)
            {
                yield return new SseItem<object>(AnomalyResponse.From(anomaly), "anomaly");
                seen = Math.Max(seen, anomaly.FeedPosition);
            }

            if (windows.Count + anomalies.Count > 0)
            {
                lastSent = time.GetTimestamp();
            }
            else if (time.GetElapsedTime(lastSent) >= PingInterval)
            {
                lastSent = time.GetTimestamp();
                yield return new SseItem<object>(new { position = seen }, "ping");
            }
        }
    }

    private static async Task<long> LatestPositionAsync(IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
        var windows = await db.Windows.MaxAsync(w => (long?)w.FeedPosition, cancellationToken) ?? 0;
        var anomalies = await db.Anomalies.MaxAsync(a => (long?)a.FeedPosition, cancellationToken) ?? 0;
        return Math.Max(windows, anomalies);
    }
}
