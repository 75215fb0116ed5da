namespace Bazaar.Bench.Checkout;

public sealed record Percentiles(double? P50, double? P95, double? P99, double? Max)
{
    /// <summary>Nearest-rank percentiles: every value reported is one that was measured.</summary>
    public static Percentiles Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Percentiles(null, null, null, null);
        }
        double Rank(double p) => Math.Round(sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)], 1);
        return new Percentiles(Rank(0.50), Rank(0.95), Rank(0.99), Math.Round(sorted[^1], 1));
    }
}
