using System.Collections.Immutable;
using Bazaar.Analytics.Anomalies;
using Bazaar.Contracts.Analytics;

namespace Bazaar.UnitTests.Analytics.Anomalies;

/// <summary>
/// Closed 5-minute windows of a made-up shop, from a seed: orders arrive at random, at a rate that follows the day
/// (next to nothing at night, a peak mid-afternoon) and changes from one day to the next; three in four pay in USD, the
/// rest in EUR, each order of a random value; one in 25 payments fails.
/// </summary>
internal static class SyntheticTraffic
{
    /// <summary>Midnight UTC on a Monday.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan WindowSize = TimeSpan.FromMinutes(5);

    public const int WindowsPerDay = 288;

    /// <param name="seed">The same seed gives the same windows.</param>
    /// <param name="days">How many days of windows, from <see cref="Start"/>.</param>
    /// <param name="nightOrders">Orders expected in a window at night, and on top of the day's curve.</param>
    /// <param name="peakOrders">Orders expected in a window at the afternoon peak, on an ordinary day.</param>
    public static List<WindowResult> Generate(int seed, int days, double nightOrders = 0.3, double peakOrders = 40)
    {
        var random = new Random(seed);
        var windows = new List<WindowResult>(days * WindowsPerDay);
        for (var day = 0; day < days; day++)
        {
            // Busier days and quieter ones.
            var dayFactor = 0.85 + 0.3 * random.NextDouble();
            for (var slot = 0; slot < WindowsPerDay; slot++)
            {
                var hour = slot * WindowSize.TotalHours;
                // Open from 07:00 to 23:00, busiest at 15:00.
                var daytime = hour is >= 7 and < 23 ? Math.Pow(Math.Sin(Math.PI * (hour - 7) / 16), 2) : 0;
                var expected = nightOrders + peakOrders * dayFactor * daytime;
                windows.Add(Window(At(day, slot), Poisson(random, expected), random));
            }
        }
        return windows;
    }

    public static DateTimeOffset At(int day, int slot) => Start + (day * WindowsPerDay + slot) * WindowSize;

    /// <summary>Index of the window starting at <paramref name="hour"/>:<paramref name="minute"/> on <paramref name="day"/>.</summary>
    public static int IndexOf(int day, int hour, int minute = 0) => day * WindowsPerDay + (hour * 60 + minute) / 5;

    /// <summary>Orders, revenue and failures multiplied by <paramref name="factor"/>, as a flash crowd or a half-broken checkout would.</summary>
    public static WindowResult Scaled(WindowResult window, double factor) => window with
    {
        OrdersPlaced = (long)Math.Round(window.OrdersPlaced * factor),
        Revenue = [.. window.Revenue.Select(c => c with
        {
            Orders = (long)Math.Round(c.Orders * factor),
            Revenue = Math.Round(c.Revenue * (decimal)factor, 2),
        })],
        PaymentFailures = [.. window.PaymentFailures.Select(r => r with { Count = (long)Math.Round(r.Count * factor) })],
    };

    /// <summary>Nothing at all: the window engine publishes no such window, the detector is told it was empty.</summary>
    public static WindowResult Empty(WindowResult window) => window with
    {
        OrdersPlaced = 0,
        Revenue = [],
        PaymentFailures = [],
    };

    public static bool IsEmpty(WindowResult window) => window.OrdersPlaced == 0 && window.PaymentFailures.IsEmpty;

    /// <summary>Feeds the windows in order, the empty ones as the stream processor does, and returns what was flagged.</summary>
    public static List<AnomalyDetected> Feed(this AnomalyDetector detector, IEnumerable<WindowResult> windows)
    {
        var found = new List<AnomalyDetected>();
        foreach (var window in windows)
        {
            if (IsEmpty(window))
            {
                detector.ObserveEmpty(window.Start, window.End, found);
            }
            else
            {
                detector.Observe(window, found);
            }
        }
        return found;
    }

    private static WindowResult Window(DateTimeOffset start, int orders, Random random)
    {
        int usdOrders = 0, eurOrders = 0, failures = 0;
        decimal usd = 0, eur = 0;
        for (var i = 0; i < orders; i++)
        {
            if (random.NextDouble() < 0.75)
            {
                usdOrders++;
                usd += Math.Round(20m + 100m * (decimal)random.NextDouble(), 2);
            }
            else
            {
                eurOrders++;
                eur += Math.Round(15m + 85m * (decimal)random.NextDouble(), 2);
            }
            if (random.NextDouble() < 0.04)
            {
                failures++;
            }
        }
        var revenue = ImmutableArray.CreateBuilder<CurrencyFigures>();
        if (eurOrders > 0)
        {
            revenue.Add(new CurrencyFigures("EUR", eurOrders, eur, Math.Round(eur / eurOrders, 2)));
        }
        if (usdOrders > 0)
        {
            revenue.Add(new CurrencyFigures("USD", usdOrders, usd, Math.Round(usd / usdOrders, 2)));
        }
        ImmutableArray<ReasonCount> failed = failures > 0 ? [new ReasonCount("payment_card_declined", failures)] : [];
        return new WindowResult(WindowKind.Tumbling, start, start + WindowSize, 1, orders, orders - failures, failures, 0, 0,
            revenue.ToImmutable(), [], [], [], failed);
    }

    /// <summary>Knuth's: fine for the few dozen orders a window holds here.</summary>
    private static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var count = 0;
        var product = random.NextDouble();
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }
        return count;
    }
}
