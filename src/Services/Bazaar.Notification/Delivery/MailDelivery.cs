using Bazaar.BuildingBlocks.Hosting;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Bazaar.Notification.Delivery;

/// <summary>
/// Sends through SMTP with MailKit when a server is configured; otherwise writes each message as an .eml
/// file (openable by any mail client), so the embedded shop needs no mail server.
/// </summary>
public sealed class MailDelivery(NotificationOptions options, BazaarOptions bazaar)
{
    public string MailDirectory => options.MailDirectory ?? bazaar.DataPath("mail");

    public async Task SendAsync(Notifications.Notification notification, CancellationToken cancellationToken)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        message.To.Add(MailboxAddress.Parse(notification.Recipient));
        message.Subject = notification.Subject;
        message.MessageId = $"{notification.Id}@bazaar";
        message.Headers.Add("X-Bazaar-Template", notification.Template);
        message.Body = new BodyBuilder { HtmlBody = notification.Body }.ToMessageBody();

        if (string.IsNullOrWhiteSpace(options.SmtpHost))
        {
            Directory.CreateDirectory(MailDirectory);
            var path = Path.Combine(MailDirectory, $"{notification.CreatedAt:yyyyMMddHHmmss}-{notification.Template}-{notification.Id}.eml");
            await message.WriteToAsync(path, cancellationToken);
            return;
        }

        // Well inside the send lease, so a hung server cannot keep a message past it and have it sent twice.
        using var smtp = new SmtpClient { Timeout = (int)(options.SendLease / 4).TotalMilliseconds };
        await smtp.ConnectAsync(options.SmtpHost, options.SmtpPort, SecureSocketOptions.Auto, cancellationToken);
        if (!string.IsNullOrEmpty(options.SmtpUsername))
        {
            await smtp.AuthenticateAsync(options.SmtpUsername, options.SmtpPassword ?? "", cancellationToken);
        }
        await smtp.SendAsync(message, cancellationToken);
        await smtp.DisconnectAsync(true, cancellationToken);
    }
}
