using System.Net.Mail;

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

    /// <summary>
    /// Who is told about anomalies in the order stream, one e-mail each. When none is set, the shop's first admin:
    /// <c>Bazaar:Admin:Email</c>, or <see cref="DefaultAdminEmail"/>.
    /// </summary>
    public List<string> AdminRecipients { get; set; } = [];

    /// <summary>The address identity gives the first admin when <c>Bazaar:Admin:Email</c> is not set; repeated here so that
    /// notification does not depend on identity.</summary>
    public const string DefaultAdminEmail = "admin@bazaar.local";

    /// <exception cref="ArgumentException">An admin recipient is missing, not a plain e-mail address, or listed twice.</exception>
    public void Validate()
    {
        if (AdminRecipients.Count == 0)
        {
            throw new ArgumentException("Anomaly e-mails need at least one admin recipient.", nameof(AdminRecipients));
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var recipient in AdminRecipients)
        {
            // What the API accepts for an address: a plain one (no display name), with a dotted domain, that fits a notification.
            if (string.IsNullOrWhiteSpace(recipient) || recipient.Length > 254 || !recipient.Contains('.', StringComparison.Ordinal)
                || !MailAddress.TryCreate(recipient, out var parsed) || parsed.Address != recipient)
            {
                throw new ArgumentException($"Admin recipient '{recipient}' is not an e-mail address like admin@example.com.", nameof(AdminRecipients));
            }
            if (!seen.Add(recipient))
            {
                throw new ArgumentException($"Admin recipient '{recipient}' is listed twice.", nameof(AdminRecipients));
            }
        }
    }
}
