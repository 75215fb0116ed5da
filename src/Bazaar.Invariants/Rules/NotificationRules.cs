using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Analytics;
using Bazaar.Contracts.Ordering;
using Bazaar.Notification.Notifications;

namespace Bazaar.Invariants.Rules;

/// <summary>
/// Each event a customer is told about gave exactly one notification, and it went out; each anomaly the analytics
/// found gave its admins one e-mail each (at least one), and they went out.
/// </summary>
public static class NotificationRules
{
    private static readonly string[] Announced =
        [.. new[] { typeof(OrderConfirmed), typeof(OrderCancelled), typeof(OrderShipped), typeof(OrderDelivered) }.Select(EventTypeName.For)];

    private static readonly string AnomalyDetectedType = EventTypeName.For(typeof(AnomalyDetected));

    public static void Check(ShopSnapshot shop, InvariantReport report)
    {
        // An admin e-mail is keyed by event and recipient (RecipientKey), so this also finds an admin told twice.
        var byEvent = shop.Notifications.Where(n => n.EventId is not null).ToLookup(n => n.EventId!, StringComparer.Ordinal);
        foreach (var group in byEvent.Where(g => g.Count() > 1))
        {
            report.Violation($"event {group.Key} gave {group.Count()} notifications: {string.Join(", ", group.Select(n => n.Template))}");
        }

        var announced = shop.Services.Where(s => s.Service == "ordering").SelectMany(s => s.Outbox)
            .Where(m => Announced.Contains(m.Type));
        foreach (var message in announced)
        {
            report.Count("customer notifications");
            var sent = byEvent[message.EventId].ToList();
            if (sent.Count == 0)
            {
                report.Violation($"{message.Type} {message.EventId} gave no notification");
            }
            CheckSent(sent, message.EventId, report);
        }

        var toAdmins = shop.Notifications
            .Where(n => n.Template == NotifyAdminsHandlers.Template && n.EventId is not null)
            .ToLookup(n => n.EventId![..(n.EventId!.LastIndexOf('/') + 1)], StringComparer.Ordinal);
        var anomalies = shop.Services.Where(s => s.Service == "analytics").SelectMany(s => s.Outbox)
            .Where(m => m.Type == AnomalyDetectedType);
        foreach (var message in anomalies)
        {
            report.Count("anomalies told to admins");
            var sent = toAdmins[RecipientKey.PrefixFor(message.EventId)].ToList();
            if (sent.Count == 0)
            {
                report.Violation($"{message.Type} {message.EventId} gave no admin notification");
            }
            CheckSent(sent, message.EventId, report);
        }
    }

    private static void CheckSent(List<NotificationRow> notifications, string eventId, InvariantReport report)
    {
        foreach (var notification in notifications.Where(n => n.Status != NotificationStatus.Sent))
        {
            report.Violation($"{notification.Template} notification {notification.Id} for {eventId} is {notification.Status} "
                + $"after {notification.Attempts} attempts{(notification.LastError is null ? "" : ": " + notification.LastError)}");
        }
    }
}
