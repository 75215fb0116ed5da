using Bazaar.Inventory.Reservations;
using Bazaar.Ordering.Orders;

namespace Bazaar.Invariants.Rules;

/// <summary>
/// Inventory against ordering: no stock below zero, the units reserved per product are exactly the active holds, and
/// the units committed per product are exactly what paid orders hold.
/// </summary>
public static class StockRules
{
    public static void Check(ShopSnapshot shop, InvariantReport report)
    {
        foreach (var item in shop.Stock)
        {
            report.Count("products' stock");
            if (item.Available < 0 || item.Reserved < 0)
            {
                report.Violation($"product {item.ProductId} has {item.Available} available and {item.Reserved} reserved");
            }
        }

        var held = UnitsPerProduct(shop.Reservations.Where(r => r.Status == ReservationStatus.Active).SelectMany(r => r.Lines).Select(l => (l.ProductId, l.Quantity)));
        foreach (var item in shop.Stock)
        {
            var expected = held.GetValueOrDefault(item.ProductId);
            if (item.Reserved != expected)
            {
                report.Violation($"product {item.ProductId} has {item.Reserved} reserved but its active reservations hold {expected}");
            }
        }
        var stocked = shop.Stock.Select(s => s.ProductId).ToHashSet(StringComparer.Ordinal);
        foreach (var productId in held.Keys.Where(id => !stocked.Contains(id)))
        {
            report.Violation($"product {productId} is held by reservations but has no stock record");
        }

        var committed = UnitsPerProduct(shop.Reservations.Where(r => r.Status == ReservationStatus.Committed).SelectMany(r => r.Lines).Select(l => (l.ProductId, l.Quantity)));
        var sold = UnitsPerProduct(shop.Orders.Where(o => OrderRules.IsPaid(o.Status)).SelectMany(o => o.Lines).Select(l => (l.ProductId, l.Quantity)));
        foreach (var productId in committed.Keys.Union(sold.Keys))
        {
            report.Count("products sold");
            var (units, inOrders) = (committed.GetValueOrDefault(productId), sold.GetValueOrDefault(productId));
            if (units != inOrders)
            {
                report.Violation($"product {productId}: {units} units committed by inventory, {inOrders} in processing, shipped or delivered orders");
            }
        }

        CheckEachOrder(shop, report);
    }

    /// <summary>Per order, which pins a mismatch in the totals above to the orders that cause it.</summary>
    private static void CheckEachOrder(ShopSnapshot shop, InvariantReport report)
    {
        var orders = shop.Orders.ToDictionary(o => o.Id, StringComparer.Ordinal);
        foreach (var reservation in shop.Reservations)
        {
            report.Count("reservations");
            if (!orders.TryGetValue(reservation.OrderId, out var order))
            {
                if (reservation.Status is ReservationStatus.Active or ReservationStatus.Committed)
                {
                    report.Violation($"reservation for unknown order {reservation.OrderId} is {reservation.Status} and holds stock");
                }
                continue;
            }
            if (OrderRules.IsPaid(order.Status))
            {
                if (reservation.Status != ReservationStatus.Committed)
                {
                    report.Violation($"{OrderRules.Show(order.Status)} order {order.Id} has a {reservation.Status} reservation, not a committed one");
                }
                else if (!SameLines(order, reservation))
                {
                    report.Violation($"order {order.Id}'s committed reservation holds other units than the order");
                }
            }
            else if (order.Status == OrderStatus.Cancelled && reservation.Status is ReservationStatus.Active or ReservationStatus.Committed)
            {
                report.Violation($"cancelled order {order.Id} still has a {reservation.Status} reservation");
            }
        }

        var reserved = shop.Reservations.Select(r => r.OrderId).ToHashSet(StringComparer.Ordinal);
        foreach (var order in shop.Orders.Where(o => OrderRules.IsPaid(o.Status) && !reserved.Contains(o.Id)))
        {
            report.Violation($"{OrderRules.Show(order.Status)} order {order.Id} has no reservation: its stock never left the shelf");
        }
    }

    private static bool SameLines(Order order, Reservation reservation) =>
        UnitsPerProduct(order.Lines.Select(l => (l.ProductId, l.Quantity)))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .SequenceEqual(UnitsPerProduct(reservation.Lines.Select(l => (l.ProductId, l.Quantity))).OrderBy(p => p.Key, StringComparer.Ordinal));

    private static Dictionary<string, long> UnitsPerProduct(IEnumerable<(string ProductId, int Quantity)> lines) =>
        lines.GroupBy(l => l.ProductId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(l => (long)l.Quantity), StringComparer.Ordinal);
}
