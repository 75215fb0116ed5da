using Bazaar.Contracts.Analytics;

namespace Bazaar.Analytics.Lake;

/// <summary>
/// The lake's tables, one for a window's counts and one for each of its lists. Every row starts with its window's
/// key (kind, start, end, revision): the lake keeps every revision a window was published with, so the figures of a
/// window are those of its highest revision.
/// </summary>
internal static class LakeTables
{
    /// <summary>The tables' rows for these windows; a table they give no rows still comes with its columns.</summary>
    public static IReadOnlyList<LakeTable> Of(IReadOnlyList<WindowResult> windows) =>
        [Windows(windows), Revenue(windows), TopProducts(windows), Regions(windows), PaymentFailures(windows)];

    /// <summary>The tables' names and columns, as a query over the lake sees them.</summary>
    public static IReadOnlyList<LakeTable> Empty { get; } = Of([]);

    private static LakeTable Windows(IReadOnlyList<WindowResult> windows) => new("windows", windows.Count,
    [
        .. Key(windows, w => w),
        ParquetColumn.Int64("orders_placed", windows, w => w.OrdersPlaced),
        ParquetColumn.Int64("orders_confirmed", windows, w => w.OrdersConfirmed),
        ParquetColumn.Int64("cancellations", windows, w => w.Cancellations),
        ParquetColumn.Int64("items_sold", windows, w => w.ItemsSold),
        ParquetColumn.Int64("late_events", windows, w => w.LateEvents),
    ]);

    private static LakeTable Revenue(IReadOnlyList<WindowResult> windows)
    {
        var rows = windows.SelectMany(w => w.Revenue, (w, figures) => (Window: w, Figures: figures)).ToList();
        return new("window_revenue", rows.Count,
        [
            .. Key(rows, r => r.Window),
            ParquetColumn.Text("currency", rows, r => r.Figures.Currency),
            ParquetColumn.Int64("orders", rows, r => r.Figures.Orders),
            ParquetColumn.Money("revenue", rows, r => r.Figures.Revenue),
            ParquetColumn.Money("average_order_value", rows, r => r.Figures.AverageOrderValue),
        ]);
    }

    private sealed record RankedProduct(
        WindowResult Window, string RankedBy, int Rank, string? Currency, string ProductId, string Name, long Quantity, decimal? Revenue);

    /// <summary>
    /// Both top lists in one table, told apart by <c>ranked_by</c>. The by-quantity list spans currencies, so it has
    /// no currency and no revenue; the by-revenue list is one list per currency, ranked from 1 in each.
    /// </summary>
    private static LakeTable TopProducts(IReadOnlyList<WindowResult> windows)
    {
        var rows = new List<RankedProduct>();
        foreach (var window in windows)
        {
            var rank = 0;
            foreach (var product in window.TopProductsByQuantity)
            {
                rows.Add(new(window, "quantity", ++rank, null, product.ProductId, product.Name, product.Quantity, null));
            }
            string? currency = null;
            foreach (var product in window.TopProductsByRevenue)
            {
                rank = product.Currency == currency ? rank + 1 : 1;
                currency = product.Currency;
                rows.Add(new(window, "revenue", rank, currency, product.ProductId, product.Name, product.Quantity, product.Revenue));
            }
        }
        return new("window_top_products", rows.Count,
        [
            .. Key(rows, r => r.Window),
            ParquetColumn.Text("ranked_by", rows, r => r.RankedBy),
            ParquetColumn.Int32("rank", rows, r => r.Rank),
            ParquetColumn.Text("currency", rows, r => r.Currency, nullable: true),
            ParquetColumn.Text("product_id", rows, r => r.ProductId),
            ParquetColumn.Text("name", rows, r => r.Name),
            ParquetColumn.Int64("quantity", rows, r => r.Quantity),
            ParquetColumn.NullableMoney("revenue", rows, r => r.Revenue),
        ]);
    }

    private static LakeTable Regions(IReadOnlyList<WindowResult> windows)
    {
        var rows = windows.SelectMany(w => w.ByRegion, (w, region) => (Window: w, Region: region)).ToList();
        return new("window_regions", rows.Count,
        [
            .. Key(rows, r => r.Window),
            ParquetColumn.Text("country", rows, r => r.Region.Country),
            ParquetColumn.Text("region", rows, r => r.Region.Region, nullable: true),
            ParquetColumn.Text("currency", rows, r => r.Region.Currency),
            ParquetColumn.Int64("orders", rows, r => r.Region.Orders),
            ParquetColumn.Money("revenue", rows, r => r.Region.Revenue),
        ]);
    }

    private static LakeTable PaymentFailures(IReadOnlyList<WindowResult> windows)
    {
        var rows = windows.SelectMany(w => w.PaymentFailures, (w, failures) => (Window: w, Failures: failures)).ToList();
        return new("window_payment_failures", rows.Count,
        [
            .. Key(rows, r => r.Window),
            ParquetColumn.Text("reason", rows, r => r.Failures.Reason),
            ParquetColumn.Int64("count", rows, r => r.Failures.Count),
        ]);
    }

    private static ParquetColumn[] Key<TRow>(IReadOnlyList<TRow> rows, Func<TRow, WindowResult> window) =>
    [
        // Lower case, as the JSON contract spells it.
        ParquetColumn.Text("kind", rows, r => window(r).Kind.ToString().ToLowerInvariant()),
        ParquetColumn.Timestamp("start", rows, r => window(r).Start),
        ParquetColumn.Timestamp("end", rows, r => window(r).End),
        ParquetColumn.Int32("revision", rows, r => window(r).Revision),
    ];
}
