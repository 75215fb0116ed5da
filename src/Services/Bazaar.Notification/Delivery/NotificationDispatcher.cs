using Bazaar.BuildingBlocks;
using Bazaar.Notification.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bazaar.Notification.Delivery;

/// <summary>
/// Delivers queued messages: each is claimed with a conditional update before sending, so two dispatchers
/// never send one message; failures are retried with backoff and marked failed after the last attempt.
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
        var due = await db.Notifications
            .Where(n => n.Status == NotificationStatus.Pending && n.NextAttemptAt <= now)
            .OrderBy(n => n.NextAttemptAt)
            .Select(n => n.Id)
            .Take(20)
            .ToListAsync(cancellationToken);

        foreach (var id in due)
        {
            var claimed = await db.Notifications
                .Where(n => n.Id == id && n.Status == NotificationStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.Status, NotificationStatus.Sending).SetProperty(n => n.Attempts, n => n.Attempts + 1), cancellationToken);
            if (claimed == 0)
            {
                continue;
            }

            var notification = await db.Notifications.FirstAsync(n => n.Id == id, cancellationToken);
            try
            {
                await mail.SendAsync(notification, cancellationToken);
                notification.Status = NotificationStatus.Sent;
                notification.SentAt = time.GetUtcNow();
                notification.LastError = null;
                metrics.NotificationsSent.Add(1, new KeyValuePair<string, object?>("template", notification.Template));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                notification.LastError = $"{ex.GetType().Name}: {ex.Message}";
                var final = notification.Attempts >= options.MaxAttempts;
                notification.Status = final ? NotificationStatus.Failed : NotificationStatus.Pending;
                notification.NextAttemptAt = final ? null : time.GetUtcNow() + options.RetryBaseDelay * Math.Pow(2, notification.Attempts - 1) * (0.5 + Random.Shared.NextDouble() / 2);
                LogSendFailed(logger, ex, notification.Id, notification.Attempts);
            }
            await db.SaveChangesAsync(CancellationToken.None);
        }
        return due.Count;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Notification dispatch failed")]
    private static partial void LogDispatchFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending notification {NotificationId} failed (attempt {Attempt})")]
    private static partial void LogSendFailed(ILogger logger, Exception ex, string notificationId, int attempt);
}
