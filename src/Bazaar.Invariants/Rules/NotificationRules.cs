using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Ordering;
using Bazaar.Notification.Notifications;

namespace Bazaar.Invariants.Rules;

/// <summary>Each event a customer is told about gave exactly one notification, and it went out.</summary>
public static class NotificationRules
{
    private static readonly string[] Announced =
        [.. new[] { typeof(OrderConfirmed), typeof(OrderCancelled), typeof(OrderShipped), typeof(OrderDelivered) }.Select(EventTypeName.For)];

    public static void Check(ShopSnapshot shop, InvariantReport report)
    {
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
            foreach (var notification in sent.Where(n => n.Status != NotificationStatus.Sent))
            {
                report.Violation($"{notification.Template} notification {notification.Id} for {message.EventId} is {notification.Status} "
                    + $"after {notification.Attempts} attempts{(notification.LastError is null ? "" : ": " + notification.LastError)}");
            }
        }
    }
}
