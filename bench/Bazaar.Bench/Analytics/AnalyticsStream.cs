using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Ordering;
using Bazaar.Contracts.Payment;

namespace Bazaar.Bench.Analytics;

/// <summary>
/// A day of shop traffic as the analytics service receives it: CloudEvents envelopes of placed orders (three lines
/// each), confirmations, cancellations and payment failures, in event-time order with a little disorder, as JSON.
/// </summary>
public static class AnalyticsStream
{
    private static readonly string[] Countries = ["US", "GB", "DE", "FR", "NL", "ES", "IT", "SE", "PL", "JP"];
    private static readonly string[] Currencies = ["USD", "USD", "USD", "EUR", "GBP"];

    public static IReadOnlyList<EventEnvelope> Create(int count, int seed)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        // Spread over a day, so that windows close and the sliding view moves as in a real stream.
        var step = TimeSpan.FromDays(1) / count;
        var envelopes = new List<EventEnvelope>(count);
        for (var i = 0; i < count; i++)
        {
            // Up to 30 s out of order: within the allowed lateness, as a bus with several producers delivers.
            var time = start + step * i - TimeSpan.FromMilliseconds(random.Next(30_000));
            var orderId = $"order-{i / 4}";
            var currency = Currencies[i / 4 % Currencies.Length];
            object data = (i % 4) switch
            {
                0 or 1 => Placed(random, orderId + (i % 4 == 1 ? "b" : ""), currency, time),
                2 => new OrderConfirmed(orderId, "user", "user@example.com", [], 0, currency, true),
                _ => random.Next(3) == 0
                    ? new PaymentFailed($"payment-{i}", orderId + "b", "user", random.Next(2) == 0 ? "card_declined" : "insufficient_funds", false)
                    : new OrderCancelled(orderId + "b", "user", "user@example.com", "payment_card_declined", false, [], 0, currency),
            };
            envelopes.Add(Envelope(data, orderId, time));
        }
        return envelopes;
    }

    private static OrderPlaced Placed(Random random, string orderId, string currency, DateTimeOffset time)
    {
        var lines = new OrderLine[3];
        decimal total = 0;
        for (var line = 0; line < lines.Length; line++)
        {
            var price = random.Next(5, 500) + 0.99m;
            var quantity = random.Next(1, 4);
            lines[line] = new OrderLine($"product-{random.Next(160)}", "Product", price, quantity);
            total += price * quantity;
        }
        var country = Countries[random.Next(Countries.Length)];
        return new OrderPlaced(orderId, "user", "user@example.com", lines, total, currency, "tok_visa",
            new ShippingAddress("Ada", "1 Main St", "City", "12345", country, random.Next(4) == 0 ? "North" : null), true, time);
    }

    private static EventEnvelope Envelope(object data, string subject, DateTimeOffset time) => data switch
    {
        OrderPlaced placed => EventEnvelope.Create(placed, subject, time),
        OrderConfirmed confirmed => EventEnvelope.Create(confirmed, subject, time),
        OrderCancelled cancelled => EventEnvelope.Create(cancelled, subject, time),
        PaymentFailed failed => EventEnvelope.Create(failed, subject, time),
        _ => throw new ArgumentOutOfRangeException(nameof(data)),
    };
}
