namespace Bazaar.Bench.Shop;

/// <summary>The product a checkout run sells, one per run.</summary>
public static class BenchProduct
{
    public const string SkuPrefix = "BENCH-";

    /// <summary>The most inventory accepts at creation; at one unit per checkout it outlasts any run.</summary>
    public const int OpeningStock = 1_000_000;

    public static object CreateRequest(string runId, string currency) => new
    {
        sku = SkuPrefix + runId.ToUpperInvariant(),
        name = $"Bench Parcel {runId}",
        description = $"Sold by Bazaar.Bench run {runId}; opened with {OpeningStock} units.",
        price = new { amount = 12.34m, currency },
        category = "Bench",
        brand = "Bazaar Bench",
        initialStock = OpeningStock,
    };
}
