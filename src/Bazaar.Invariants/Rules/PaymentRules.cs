using Bazaar.Ordering.Orders;
using Bazaar.Payment.Payments;
using PaymentRecord = Bazaar.Payment.Payments.Payment;

namespace Bazaar.Invariants.Rules;

/// <summary>
/// Payment against ordering: every processing, shipped or delivered order has exactly one captured payment of its total,
/// every cancelled order that was charged has been refunded in full, and no money was taken for an order that does not
/// exist.
/// </summary>
public static class PaymentRules
{
    public static void Check(ShopSnapshot shop, InvariantReport report)
    {
        var byOrder = shop.Payments.ToLookup(p => p.OrderId, StringComparer.Ordinal);
        foreach (var order in shop.Orders)
        {
            var payments = byOrder[order.Id].ToList();
            if (OrderRules.IsPaid(order.Status))
            {
                report.Count("paid orders' payments");
                CheckPaid(order, payments, report);
            }
            else if (order.Status == OrderStatus.Cancelled)
            {
                CheckCancelled(order, payments, report);
            }
            if (payments.Count > 1)
            {
                report.Violation($"order {order.Id} has {payments.Count} payments: {string.Join(", ", payments.Select(p => p.Id))}");
            }
        }

        var orders = shop.Orders.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var payment in shop.Payments.Where(p => !orders.Contains(p.OrderId) && p.CaptureId is not null && p.Refundable > 0))
        {
            report.Violation($"payment {payment.Id} captured {payment.Amount} {payment.Currency} for order {payment.OrderId}, which does not exist");
        }
    }

    private static void CheckPaid(Order order, List<PaymentRecord> payments, InvariantReport report)
    {
        var captured = payments.Where(p => p.CaptureId is not null).ToList();
        if (captured.Count != 1)
        {
            report.Violation($"{OrderRules.Show(order.Status)} order {order.Id} has {captured.Count} captured payments");
            return;
        }
        var payment = captured[0];
        if (payment.Amount != order.Total || payment.Currency != order.Currency)
        {
            report.Violation($"order {order.Id} totals {order.Total} {order.Currency} but payment {payment.Id} captured {payment.Amount} {payment.Currency}");
        }
        if (payment.Status is not (PaymentStatus.Captured or PaymentStatus.PartiallyRefunded or PaymentStatus.Refunded))
        {
            report.Violation($"{OrderRules.Show(order.Status)} order {order.Id} has a {payment.Status} payment {payment.Id}");
        }
        if (order.PaymentId is { } noted && noted != payment.Id)
        {
            report.Violation($"order {order.Id} notes payment {noted}, but payment {payment.Id} is the one captured for it");
        }
    }

    private static void CheckCancelled(Order order, List<PaymentRecord> payments, InvariantReport report)
    {
        foreach (var payment in payments.Where(p => p.CaptureId is not null))
        {
            report.Count("cancelled orders' refunds");
            var refunded = payment.Refunds.Where(r => r.Status == RefundStatus.Succeeded).Sum(r => r.Amount);
            if (payment.Status != PaymentStatus.Refunded || payment.RefundedAmount != payment.Amount || refunded != payment.Amount)
            {
                report.Violation(
                    $"cancelled order {order.Id} was charged {payment.Amount} {payment.Currency} by payment {payment.Id}, which is {payment.Status} with {refunded} refunded");
            }
        }
    }
}
