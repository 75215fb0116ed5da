namespace Bazaar.Notification.Notifications;

public enum NotificationStatus
{
    Pending,
    Sending,
    Sent,
    Failed,
}

/// <summary>One message and its delivery log: how often it was tried, the last error, when it went out.</summary>
public sealed class Notification
{
    public string Id { get; set; } = Guid.CreateVersion7().ToString();
    public string? UserId { get; set; }

    /// <summary>The event that caused it; with <see cref="Template"/> unique, so a redelivered event sends nothing twice.</summary>
    public string? EventId { get; set; }

    public required string Template { get; set; }
    public string Channel { get; set; } = "email";
    public required string Recipient { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public NotificationStatus Status { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
}
