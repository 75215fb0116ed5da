using Bazaar.Contracts.Analytics;
using Xunit;
using static Bazaar.UnitTests.Analytics.Lake.TemporaryLake;

namespace Bazaar.UnitTests.Analytics.Lake;

public sealed class LakeWriterTests : IDisposable
{
    private static readonly DateTimeOffset LateEvening = new(2026, 3, 1, 23, 55, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Midnight = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private readonly TemporaryLake _lake = new();

    public void Dispose() => _lake.Dispose();

    [Fact]
    public async Task Written_results_read_back_with_their_counts_sums_and_date_partition()
    {
        await _lake.Writer.AppendAsync(
            [Window(LateEvening, orders: 2), Window(Midnight, orders: 3), Window(Midnight.AddMinutes(5), orders: 4, paymentFailures: false)],
            firstPosition: 41, CancellationToken.None);

        var windows = await _lake.ResultOfAsync("""
            SELECT "date", count(*) AS windows, sum(orders_placed) AS placed, min(start) AS first_start, max("end") AS last_end
            FROM windows GROUP BY "date" ORDER BY "date"
            """);
        Assert.Equal(["date", "windows", "placed", "first_start", "last_end"], windows.Columns.Select(c => c.Name));
        Assert.Equal(["date", "bigint", "hugeint", "timestamptz", "timestamptz"], windows.Columns.Select(c => c.Type));
        Assert.Equal(
            [["2026-03-01", 1L, 2L, "2026-03-01T23:55:00Z", "2026-03-02T00:00:00Z"], ["2026-03-02", 2L, 7L, "2026-03-02T00:00:00Z", "2026-03-02T00:10:00Z"]],
            windows.Rows);
        Assert.False(windows.Truncated);

        var revenue = await _lake.ResultOfAsync("""
            SELECT currency, sum(orders)::BIGINT, sum(revenue), max(average_order_value) FROM window_revenue GROUP BY currency ORDER BY currency
            """);
        Assert.Equal([["EUR", 9L, 94.50m, 10.50m], ["USD", 3L, 21.75m, 7.25m]], revenue.Rows);

        var topByRevenue = await _lake.ResultOfAsync("""
            SELECT currency, rank, product_id, name, quantity, revenue FROM window_top_products
            WHERE ranked_by = 'revenue' AND start = TIMESTAMPTZ '2026-03-02 00:00:00+00' ORDER BY currency, rank
            """);
        Assert.Equal([["EUR", 1, "p-1", "Teapot", 6L, 24m], ["EUR", 2, "p-2", "Cup", 3L, 7.5m], ["USD", 1, "p-2", "Cup", 1L, 7.25m]], topByRevenue.Rows);
        var topByQuantity = await _lake.ResultOfAsync("""
            SELECT rank, currency, product_id, quantity, revenue FROM window_top_products
            WHERE ranked_by = 'quantity' AND start = TIMESTAMPTZ '2026-03-02 00:00:00+00' ORDER BY rank
            """);
        Assert.Equal([[1, null, "p-1", 6L, null], [2, null, "p-2", 3L, null]], topByQuantity.Rows);

        var regions = await _lake.ResultOfAsync("SELECT country, region, currency, sum(orders)::BIGINT, sum(revenue) FROM window_regions GROUP BY ALL ORDER BY country");
        Assert.Equal([["DE", "BY", "EUR", 9L, 94.50m], ["US", null, "USD", 3L, 21.75m]], regions.Rows);

        var failures = await _lake.ResultOfAsync("SELECT reason, sum(count)::BIGINT, count(*) FROM window_payment_failures GROUP BY reason");
        Assert.Equal([["card_declined", 4L, 2L]], failures.Rows);
    }

    [Fact]
    public async Task Each_batch_writes_one_file_per_table_and_day_named_after_its_first_position_and_no_empty_ones()
    {
        await _lake.Writer.AppendAsync([Window(LateEvening, paymentFailures: false), Window(Midnight, paymentFailures: false)], firstPosition: 7, CancellationToken.None);
        await _lake.Writer.AppendAsync([Window(Midnight.AddMinutes(5))], firstPosition: 12, CancellationToken.None);

        Assert.Equal(
        [
            "window_payment_failures/date=2026-03-02/part-00000000000000000012.parquet",
            "window_regions/date=2026-03-01/part-00000000000000000007.parquet",
            "window_regions/date=2026-03-02/part-00000000000000000007.parquet",
            "window_regions/date=2026-03-02/part-00000000000000000012.parquet",
            "window_revenue/date=2026-03-01/part-00000000000000000007.parquet",
            "window_revenue/date=2026-03-02/part-00000000000000000007.parquet",
            "window_revenue/date=2026-03-02/part-00000000000000000012.parquet",
            "window_top_products/date=2026-03-01/part-00000000000000000007.parquet",
            "window_top_products/date=2026-03-02/part-00000000000000000007.parquet",
            "window_top_products/date=2026-03-02/part-00000000000000000012.parquet",
            "windows/date=2026-03-01/part-00000000000000000007.parquet",
            "windows/date=2026-03-02/part-00000000000000000007.parquet",
            "windows/date=2026-03-02/part-00000000000000000012.parquet",
        ], _lake.Files());
    }

    [Fact]
    public async Task Writing_a_batch_again_from_the_same_position_replaces_its_files_instead_of_adding_a_second_copy()
    {
        await _lake.Writer.AppendAsync([Window(Midnight, orders: 2)], firstPosition: 100, CancellationToken.None);
        await _lake.Writer.AppendAsync([Window(Midnight.AddMinutes(5), orders: 5)], firstPosition: 200, CancellationToken.None);
        var filesBefore = _lake.Files();

        // The processor crashed before committing the checkpoint after position 100, and runs the same batch again.
        await _lake.Writer.AppendAsync([Window(Midnight, orders: 3, paymentFailures: false)], firstPosition: 100, CancellationToken.None);

        var windows = await _lake.ResultOfAsync("SELECT start, orders_placed FROM windows ORDER BY start");
        Assert.Equal([["2026-03-02T00:00:00Z", 3L], ["2026-03-02T00:05:00Z", 5L]], windows.Rows);
        var failures = await _lake.ResultOfAsync("SELECT start, count FROM window_payment_failures");
        Assert.Equal([["2026-03-02T00:05:00Z", 2L]], failures.Rows);
        Assert.Equal(filesBefore.Where(f => f != "window_payment_failures/date=2026-03-02/part-00000000000000000100.parquet"), _lake.Files());
    }

    [Fact]
    public async Task Every_revision_of_a_window_is_kept_and_the_latest_one_is_a_query_away()
    {
        await _lake.Writer.AppendAsync([Window(Midnight, orders: 2, revision: 1)], firstPosition: 1, CancellationToken.None);
        await _lake.Writer.AppendAsync(
            [Window(Midnight, orders: 4, revision: 2), Window(Midnight, orders: 9, kind: WindowKind.Sliding, length: TimeSpan.FromHours(1))],
            firstPosition: 2, CancellationToken.None);

        var latest = await _lake.ResultOfAsync("""
            SELECT kind, revision, orders_placed FROM windows
            QUALIFY revision = max(revision) OVER (PARTITION BY kind, start) ORDER BY kind
            """);

        Assert.Equal([["sliding", 1, 9L], ["tumbling", 2, 4L]], latest.Rows);
    }

    [Fact]
    public async Task An_empty_batch_writes_nothing()
    {
        await _lake.Writer.AppendAsync([], firstPosition: 3, CancellationToken.None);

        Assert.Empty(_lake.Files());
    }
}
