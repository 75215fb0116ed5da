using Bazaar.Ordering.Orders;

namespace Bazaar.Invariants.Rules;

/// <summary>
/// Ordering on its own: every order a checkout was answered with exists and answered only that checkout, no order is
/// left pending past its deadline, and every total is the sum of its lines.
/// </summary>
public static class OrderRules
{
    /// <summary>Paid for, with its stock committed: processing and what follows it.</summary>
    public static bool IsPaid(OrderStatus status) => status is OrderStatus.Processing or OrderStatus.Shipped or OrderStatus.Delivered;

    /// <summary>A status as the public API spells it.</summary>
    public static string Show(OrderStatus status) => status.ToString().ToLowerInvariant();

    public static void Check(ShopSnapshot shop, InvariantReport report, InvariantOptions options)
    {
        foreach (var order in shop.Orders)
        {
            report.Count("orders");
            report.Count(InvariantReport.OrdersIn(Show(order.Status)));
            var lines = order.Lines.Sum(l => l.UnitPrice * l.Quantity);
            if (lines != order.Total)
            {
                report.Violation($"order {order.Id} totals {order.Total} {order.Currency} but its lines add up to {lines}");
            }
            if (order.Status != OrderStatus.Pending)
            {
                continue;
            }
            if (order.DeadlineAt is not { } deadline)
            {
                report.Violation($"pending order {order.Id} has no deadline: nothing would ever cancel it");
            }
            else if (shop.TakenAt - deadline > options.DeadlineGrace)
            {
                report.Violation($"order {order.Id} is still pending {(shop.TakenAt - deadline).TotalSeconds:0} s after its deadline");
            }
        }
    }

    /// <summary>
    /// <paramref name="accepted"/>: the order ids the shop answered checkouts with, one per checkout (one
    /// <c>Idempotency-Key</c>), as the clients recorded them.
    /// </summary>
    public static void CheckAccepted(ShopSnapshot shop, IReadOnlyCollection<string> accepted, InvariantReport report)
    {
        var orders = shop.Orders.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in accepted.GroupBy(id => id, StringComparer.Ordinal))
        {
            report.Count("accepted checkouts", id.Count());
            if (id.Count() > 1)
            {
                report.Violation($"order {id.Key} was the answer to {id.Count()} different checkouts");
            }
            if (!orders.Contains(id.Key))
            {
                report.Violation($"order {id.Key} was accepted (202) but does not exist");
            }
        }
    }
}
