namespace Bazaar.Notification;

/// <summary>Bound from <c>Bazaar:Notification</c>.</summary>
public sealed class NotificationOptions
{
    /// <summary>The shop's public address, used for links in e-mails.</summary>
    public string PublicUrl { get; set; } = "http://127.0.0.1:5080";

    public string FromAddress { get; set; } = "shop@bazaar.local";

    public string FromName { get; set; } = "Bazaar";

    /// <summary>SMTP server; when empty, e-mails are written as .eml files under the data directory's <c>mail</c> folder.</summary>
    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;

    public string? SmtpUsername { get; set; }

    public string? SmtpPassword { get; set; }

    /// <summary>Where .eml files go when no SMTP server is set; defaults to <c>mail</c> under the data directory.</summary>
    public string? MailDirectory { get; set; }

    public int MaxAttempts { get; set; } = 5;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan DispatchPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a claimed message is left to its sender before it is presumed lost with it and sent again.</summary>
    public TimeSpan SendLease { get; set; } = TimeSpan.FromMinutes(2);
}
