using System.Globalization;
using System.Text.RegularExpressions;

namespace Bazaar.Bench.Shop;

/// <summary>
/// The product a checkout run sells. Its opening stock is written into its description, so the checker — which
/// sees the shop only through the admin API, where inventory shows current counts alone — can tell how many units
/// have left the shelf.
/// </summary>
public static partial class BenchProduct
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

    /// <returns>The opening stock of a product the bench created, or null for any other product.</returns>
    public static int? OpeningStockOf(ProductView product) =>
        product.Sku.StartsWith(SkuPrefix, StringComparison.Ordinal) && OpenedWith().Match(product.Description ?? "") is { Success: true } match
            ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : null;

    [GeneratedRegex(@"opened with (\d+) units")]
    private static partial Regex OpenedWith();
}
