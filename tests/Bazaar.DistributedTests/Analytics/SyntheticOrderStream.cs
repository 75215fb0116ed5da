using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Ordering;
using Bazaar.Contracts.Payment;

namespace Bazaar.DistributedTests.Analytics;

/// <summary>
/// Hours of order traffic as the ordering and payment services would publish it: orders placed a second or two apart
/// and up to 20 s out of order, confirmations and cancellations after them, payment failures, and a few events
/// minutes late (corrections of closed windows).
/// </summary>
public static class SyntheticOrderStream
{
    private static readonly string[] Countries = ["DE", "FR", "GB", "IS", "US"];

    public static IReadOnlyList<EventEnvelope> Create(int orders, int seed, DateTimeOffset start)
    {
        var random = new Random(seed);
        var events = new List<EventEnvelope>(orders * 2);
        for (var i = 0; i < orders; i++)
        {
            var orderId = $"order-{seed}-{i:D6}";
            var placedAt = start.AddSeconds(i * 1.5 + random.Next(-20, 21));
            if (random.Next(100) == 0)
            {
                placedAt = placedAt.AddMinutes(-4);
            }
            var currency = random.Next(10) == 0 ? "USD" : "EUR";
            var lines = Enumerable.Range(0, 1 + random.Next(3))
                .Select(l => new OrderLine($"product-{random.Next(40):D2}", $"Product {l}", 5m + random.Next(200) / 4m, 1 + random.Next(3)))
                .ToList();
            var total = lines.Sum(l => l.UnitPrice * l.Quantity);
            var country = Countries[random.Next(Countries.Length)];
            var address = new ShippingAddress("A Buyer", "1 Main Street", "Town", "12345", country, random.Next(3) == 0 ? null : $"{country}-{random.Next(4)}");
            events.Add(EventEnvelope.Create(
                new OrderPlaced(orderId, "user-1", "buyer@example.com", lines, total, currency, "tok_visa", address, false, placedAt),
                orderId, placedAt));
            if (random.Next(5) == 0)
            {
                var reason = random.Next(2) == 0 ? "card_declined" : "insufficient_funds";
                events.Add(EventEnvelope.Create(new PaymentFailed($"payment-{i}", orderId, "user-1", reason, false), orderId, placedAt.AddSeconds(1)));
                events.Add(EventEnvelope.Create(
                    new OrderCancelled(orderId, "user-1", "buyer@example.com", "payment_" + reason, false, lines, total, currency),
                    orderId, placedAt.AddSeconds(2)));
            }
            else
            {
                events.Add(EventEnvelope.Create(new OrderConfirmed(orderId, "user-1", "buyer@example.com", lines, total, currency, false), orderId, placedAt.AddSeconds(2)));
            }
        }
        return events;
    }
}
