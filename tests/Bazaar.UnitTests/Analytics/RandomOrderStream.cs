using Bazaar.Analytics.Windows;
using Bazaar.Contracts.Ordering;

namespace Bazaar.UnitTests.Analytics;

/// <summary>
/// A seeded stream of a few hours of shop events: mostly in order, some out of order within the allowed lateness,
/// some late enough to correct closed windows, a few past the correction horizon, and redelivered duplicates.
/// </summary>
internal static class RandomOrderStream
{
    private static readonly string[] Reasons = ["card_declined", "insufficient_funds", "processing_error"];
    private static readonly (string Country, string? Region)[] Places =
        [("US", "CA"), ("US", "NY"), ("US", null), ("DE", "BY"), ("DE", null), ("FR", null), ("JP", "13")];

    public static List<OrderStreamEvent> Generate(int seed, int count, bool withEventsPastTheHorizon = true)
    {
        var random = new Random(seed);
        var stream = new OrderStream();
        var events = new List<OrderStreamEvent>(count);
        var clock = TimeSpan.Zero;
        while (events.Count < count)
        {
            clock += TimeSpan.FromSeconds(random.Next(0, 7));
            var roll = random.Next(100);
            if (roll < 4 && events.Count > 0)
            {
                events.Add(stream.Redelivered(events[random.Next(events.Count)]));
                continue;
            }
            var delay = roll < 75 ? TimeSpan.FromSeconds(random.Next(0, 60))
                : roll < 97 || !withEventsPastTheHorizon ? TimeSpan.FromSeconds(random.Next(60, 1200))
                : TimeSpan.FromMinutes(random.Next(61, 180));
            var at = clock > delay ? clock - delay : TimeSpan.Zero;
            events.Add(random.Next(10) switch
            {
                < 5 => Placed(stream, random, at),
                < 7 => stream.Confirmed(at),
                7 => stream.Cancelled(at),
                8 => stream.PaymentFailed(at, Reasons[random.Next(Reasons.Length)]),
                _ => stream.Shipped(at),
            });
        }
        return events;
    }

    private static OrderStreamEvent Placed(OrderStream stream, Random random, TimeSpan at)
    {
        var currency = random.Next(5) == 0 ? "EUR" : "USD";
        var lines = new OrderLine[random.Next(1, 5)];
        for (var i = 0; i < lines.Length; i++)
        {
            var product = random.Next(1, 26);
            lines[i] = new OrderLine($"p{product:00}", $"Product {product}", product * 1.25m, random.Next(1, 4));
        }
        var total = lines.Sum(l => l.UnitPrice * l.Quantity);
        var (country, region) = Places[random.Next(Places.Length)];
        return stream.Placed(at, total, currency, country, region, lines);
    }
}
