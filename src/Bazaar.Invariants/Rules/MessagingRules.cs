using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Inventory;
using Bazaar.Contracts.Ordering;
using Bazaar.Contracts.Payment;
using Bazaar.Ordering.Orders;

namespace Bazaar.Invariants.Rules;

/// <summary>
/// The outbox, inbox and dead letters of every service: each event was published (and, with a broker, is in its
/// stream), no handler recorded an event twice, none gave up on one, and each step of each order happened once.
/// </summary>
public static class MessagingRules
{
    public static void Check(ShopSnapshot shop, InvariantReport report, InvariantOptions options)
    {
        foreach (var service in shop.Services)
        {
            CheckPublished(shop, service, report, options);
            report.Count("inbox entries", service.InboxCount);
            foreach (var duplicate in service.InboxDuplicates)
            {
                report.Violation($"{service.Service}: handler {duplicate.Handler} recorded event {duplicate.EventId} {duplicate.Count} times");
            }
            foreach (var dead in service.DeadLetters)
            {
                report.Violation($"{service.Service}: {dead.Handler} gave up on {dead.Type} {dead.EventId} after {dead.Attempts} attempts ({dead.Error}); not replayed");
            }
        }
        CheckOncePerOrder(shop, report, options);
    }

    private static void CheckPublished(ShopSnapshot shop, ServiceMessages service, InvariantReport report, InvariantOptions options)
    {
        var inStream = shop.EventsInBroker?.GetValueOrDefault(service.Service);
        foreach (var message in service.Outbox)
        {
            report.Count("outbox events");
            if (message.PublishedAt is null)
            {
                report.Violation($"{service.Service}: {message.Type} {message.EventId} of {message.CreatedAt:O} was never published "
                    + $"({message.Attempts} attempts{(message.LastError is null ? "" : ", last error: " + message.LastError)})");
            }
            // The stream forgets events as the outbox does, after the retention period: only younger ones must be there.
            else if (inStream is not null && shop.TakenAt - message.PublishedAt < options.Retention - TimeSpan.FromHours(1))
            {
                report.Count("events found in the broker");
                if (!inStream.Contains(message.EventId))
                {
                    report.Violation($"{service.Service}: {message.Type} {message.EventId} is marked published but its stream does not hold it");
                }
            }
        }
    }

    /// <summary>
    /// Every step of an order is an event its service published once; a step taken twice (a redelivery applied again)
    /// shows as a second event about the same order.
    /// </summary>
    private static void CheckOncePerOrder(ShopSnapshot shop, InvariantReport report, InvariantOptions options)
    {
        var events = shop.Services.SelectMany(s => s.Outbox)
            .Where(m => m.OrderId is not null)
            .ToLookup(m => (m.OrderId!, m.Type));
        int Count<TEvent>(string orderId) => events[(orderId, EventTypeName.For(typeof(TEvent)))].Count();

        foreach (var order in shop.Orders)
        {
            // Too old: its events are gone from the outbox.
            if (shop.TakenAt - order.CreatedAt > options.Retention - TimeSpan.FromHours(1))
            {
                continue;
            }
            report.Count("orders' events");
            var paid = OrderRules.IsPaid(order.Status);
            Expect(order, "OrderPlaced", Count<OrderPlaced>(order.Id), exactly: 1);
            Expect(order, "OrderConfirmed", Count<OrderConfirmed>(order.Id), exactly: paid ? 1 : null);
            Expect(order, "OrderCancelled", Count<OrderCancelled>(order.Id), exactly: order.Status == OrderStatus.Cancelled ? 1 : 0);
            Expect(order, "OrderShipped", Count<OrderShipped>(order.Id), exactly: order.Status is OrderStatus.Shipped or OrderStatus.Delivered ? 1 : 0);
            Expect(order, "OrderDelivered", Count<OrderDelivered>(order.Id), exactly: order.Status == OrderStatus.Delivered ? 1 : 0);
            Expect(order, "StockReserved or StockReservationFailed", Count<StockReserved>(order.Id) + Count<StockReservationFailed>(order.Id), exactly: paid ? 1 : null);
            Expect(order, "StockCommitted", Count<StockCommitted>(order.Id), exactly: paid ? 1 : null);
            Expect(order, "PaymentSucceeded", Count<PaymentSucceeded>(order.Id), exactly: paid ? 1 : null);
        }

        void Expect(Order order, string what, int count, int? exactly)
        {
            if (exactly is { } n ? count != n : count > 1)
            {
                report.Violation($"{OrderRules.Show(order.Status)} order {order.Id} has {count} {what} events, expected {(exactly is { } e ? e.ToString() : "at most 1")}");
            }
        }
    }
}
