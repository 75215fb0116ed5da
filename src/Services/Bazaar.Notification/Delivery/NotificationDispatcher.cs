using Bazaar.BuildingBlocks;
using Bazaar.BuildingBlocks.Hosting;
using Bazaar.Notification.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bazaar.Notification.Delivery;

/// <summary>
/// Delivers queued messages. Each is claimed with a conditional update that leases it for
/// <see cref="NotificationOptions.SendLease"/>, so two dispatchers never send one message at once; a message whose
/// sender died mid-send is due again when its lease ends (delivery is at-least-once, with a stable Message-Id).
/// Failures are retried with backoff and marked failed after the last attempt.
/// </summary>
public sealed partial class NotificationDispatcher(
    IServiceScopeFactory scopes, MailDelivery mail, NotificationSignal signal, NotificationOptions options,
    BazaarMetrics metrics, TimeProvider time, ILogger<NotificationDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchDueAsync(stoppingToken) > 0)
                {
                }
                await signal.WaitAsync(options.DispatchPollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogDispatchFailed(logger, ex);
                await Task.Delay(options.DispatchPollInterval, stoppingToken);
            }
        }
    }

    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        var now = time.GetUtcNow();
        var due = await db.Notifications.AsNoTracking()
            .Where(n => (n.Status == NotificationStatus.Pending || n.Status == NotificationStatus.Sending) && n.NextAttemptAt <= now)
            .OrderBy(n => n.NextAttemptAt)
            .Take(20)
            .ToListAsync(cancellationToken);

        foreach (var notification in due)
        {
            var leaseEnd = time.GetUtcNow() + options.SendLease;
            var claimed = await db.Notifications
                .Where(n => n.Id == notification.Id && n.Status == notification.Status && n.NextAttemptAt == notification.NextAttemptAt)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(n => n.Status, NotificationStatus.Sending)
                    .SetProperty(n => n.Attempts, n => n.Attempts + 1)
                    .SetProperty(n => n.NextAttemptAt, leaseEnd), cancellationToken);
            if (claimed == 0)
            {
                continue;
            }
            await SendAsync(db, notification, notification.Attempts + 1, cancellationToken);
        }
        return due.Count;
    }

    private async Task SendAsync(NotificationDbContext db, Notifications.Notification notification, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await mail.SendAsync(notification, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSendFailed(logger, ex, notification.Id, attempt);
            var error = $"{ex.GetType().Name}: {ex.Message}";
            var final = attempt >= options.MaxAttempts;
            DateTimeOffset? nextAttempt = final ? null : time.GetUtcNow() + options.RetryBaseDelay * Math.Pow(2, attempt - 1) * (0.5 + Random.Shared.NextDouble() / 2);
            await RecordAsync(db, notification.Id, s => s
                .SetProperty(n => n.Status, final ? NotificationStatus.Failed : NotificationStatus.Pending)
                .SetProperty(n => n.NextAttemptAt, nextAttempt)
                .SetProperty(n => n.LastError, error), cancellationToken);
            return;
        }

        var sentAt = time.GetUtcNow();
        await RecordAsync(db, notification.Id, s => s
            .SetProperty(n => n.Status, NotificationStatus.Sent)
            .SetProperty(n => n.SentAt, sentAt)
            .SetProperty(n => n.NextAttemptAt, (DateTimeOffset?)null)
            .SetProperty(n => n.LastError, (string?)null), cancellationToken);
        metrics.NotificationsSent.Add(1, new KeyValuePair<string, object?>("template", notification.Template));
    }

    /// <summary>
    /// Writes what became of a send. The message has left (or failed) already, so an unreachable database is
    /// waited out rather than leaving the lease to expire and the message to go out twice.
    /// </summary>
    private async Task RecordAsync(
        NotificationDbContext db, string id,
        Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<Notifications.Notification>> outcome,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.Notifications.Where(n => n.Id == id).ExecuteUpdateAsync(outcome, cancellationToken);
                return;
            }
            catch (Exception ex) when (Outages.IsOutage(ex) && !cancellationToken.IsCancellationRequested)
            {
                LogRecordDelayed(logger, ex, id, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 200 * Math.Pow(2, attempt - 1))), time, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Notification dispatch failed")]
    private static partial void LogDispatchFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending notification {NotificationId} failed (attempt {Attempt})")]
    private static partial void LogSendFailed(ILogger logger, Exception ex, string notificationId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording the outcome of notification {NotificationId} waits for the database (try {Attempt})")]
    private static partial void LogRecordDelayed(ILogger logger, Exception ex, string notificationId, int attempt);
}
