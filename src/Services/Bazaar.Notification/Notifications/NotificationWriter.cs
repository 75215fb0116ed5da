using Bazaar.Notification.Templates;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Notification.Notifications;

/// <summary>Renders a template and queues the message for the dispatcher, once per event and template.</summary>
public sealed class NotificationWriter(NotificationDbContext db, EmailTemplates templates, NotificationSignal signal)
{
    public async Task QueueAsync(string template, string? userId, string recipient, object model, string? eventId, CancellationToken cancellationToken)
    {
        if (eventId is not null && await db.Notifications.AnyAsync(n => n.EventId == eventId && n.Template == template, cancellationToken))
        {
            return;
        }
        var email = await templates.RenderAsync(template, model);
        var now = db.Time.GetUtcNow();
        db.Notifications.Add(new Notification
        {
            UserId = userId,
            EventId = eventId,
            Template = template,
            Recipient = recipient,
            Subject = email.Subject.Length > 300 ? email.Subject[..300] : email.Subject,
            Body = email.HtmlBody,
            Status = NotificationStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        });
        signal.Notify();
    }
}

/// <summary>Wakes the dispatcher when a message is queued.</summary>
public sealed class NotificationSignal
{
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            _signal.Release();
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
