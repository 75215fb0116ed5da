using System.Text.Json;
using Bazaar.Analytics.Lake;
using Xunit;
using static Bazaar.UnitTests.Analytics.Lake.TemporaryLake;

namespace Bazaar.UnitTests.Analytics.Lake;

public sealed class LakeQueryTests : IDisposable
{
    private static readonly DateTimeOffset Midnight = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private readonly TemporaryLake _lake = new();

    /// <summary>A lake of its own beside the one under test, with a real Parquet file in it: a path that exists, outside the lake.</summary>
    private readonly TemporaryLake _elsewhere = new();

    public void Dispose()
    {
        _lake.Dispose();
        _elsewhere.Dispose();
    }

    private async Task WriteSomeWindowsAsync()
    {
        await _lake.Writer.AppendAsync([Window(Midnight), Window(Midnight.AddMinutes(5))], firstPosition: 10, CancellationToken.None);
        await _elsewhere.Writer.AppendAsync([Window(Midnight)], firstPosition: 10, CancellationToken.None);
    }

    [Fact]
    public async Task An_empty_lake_answers_queries_on_every_table_with_no_rows()
    {
        var count = await _lake.ResultOfAsync("SELECT count(*) FROM windows");
        Assert.Equal([[0L]], count.Rows);

        var others = await _lake.ResultOfAsync("""
            SELECT (SELECT count(*) FROM window_revenue) + (SELECT count(*) FROM window_top_products)
                 + (SELECT count(*) FROM window_regions) + (SELECT count(reason) FROM window_payment_failures) + (SELECT count("date") FROM windows)
            """);
        Assert.Equal([[0L]], others.Rows);
    }

    [Fact]
    public async Task An_empty_table_has_the_columns_and_types_of_a_written_one()
    {
        var empty = await _lake.ResultOfAsync("SELECT * FROM window_top_products");
        await WriteSomeWindowsAsync();
        var written = await _lake.ResultOfAsync("SELECT * FROM window_top_products");

        Assert.Empty(empty.Rows);
        Assert.NotEmpty(written.Rows);
        Assert.Equal(written.Columns, empty.Columns);
    }

    public static TheoryData<string> NotOneReadOnlySelect => new()
    {
        "COPY (SELECT 1 AS x) TO '{lake}/windows/date=2026-03-02/part-99999999999999999999.parquet' (FORMAT parquet)",
        "COPY windows TO '{elsewhere}/copied.csv'",
        "COPY windows FROM '{elsewhere}/windows/date=2026-03-02/part-00000000000000000010.parquet'",
        "INSERT INTO window_payment_failures SELECT * FROM window_payment_failures",
        "UPDATE window_payment_failures SET count = 0",
        "DELETE FROM window_payment_failures",
        "CREATE TABLE copied AS SELECT * FROM windows",
        "CREATE VIEW stray AS SELECT * FROM read_csv('/etc/passwd')",
        "DROP VIEW windows",
        "ATTACH '{lake}/attached.duckdb' AS attached",
        "ATTACH ':memory:' AS attached",
        "DETACH memory",
        "INSTALL httpfs",
        "LOAD httpfs",
        "PRAGMA version",
        "PRAGMA enable_profiling",
        "SET threads = 8",
        "SET enable_external_access = true",
        "RESET lock_configuration",
        "CALL pragma_version()",
        "EXPORT DATABASE '{elsewhere}/export'",
        "EXPLAIN SELECT 1",
        "CHECKPOINT",
        "BEGIN TRANSACTION",
        "SELECT 1; SELECT 2",
        "SELECT count(*) FROM windows; COPY windows TO '{elsewhere}/copied.csv'",
        "SELECT 1; SET enable_external_access = true",
        "",
        " ; ",
        "-- nothing but a comment",
    };

    [Theory]
    [MemberData(nameof(NotOneReadOnlySelect))]
    public async Task Anything_but_exactly_one_read_only_select_is_refused_and_changes_nothing(string statement)
    {
        await WriteSomeWindowsAsync();
        var lakeBefore = _lake.Files();
        var elsewhereBefore = _elsewhere.Files();

        var refused = await _lake.FailureOfAsync(statement.Replace("{lake}", _lake.Root, StringComparison.Ordinal).Replace("{elsewhere}", _elsewhere.Root, StringComparison.Ordinal));

        Assert.Equal(LakeQueryFailureKind.Refused, refused.Kind);
        Assert.Contains("Only a single read-only query", refused.Message, StringComparison.Ordinal);
        Assert.Equal(lakeBefore, _lake.Files());
        Assert.Equal(elsewhereBefore, _elsewhere.Files());
        Assert.Equal([[2L, 4L]], (await _lake.ResultOfAsync("SELECT count(*), sum(orders_placed)::BIGINT FROM windows")).Rows);
    }

    [Theory]
    [InlineData("SELECT kind, count(*) FROM windows GROUP BY kind")]
    [InlineData("WITH totals AS (SELECT currency, sum(revenue) AS revenue FROM window_revenue GROUP BY currency) SELECT * FROM totals ORDER BY revenue DESC")]
    [InlineData("FROM window_regions SELECT country, region")]
    [InlineData("VALUES (1, 'one'), (2, 'two')")]
    [InlineData("SELECT * FROM windows w JOIN window_revenue r USING (kind, start, \"end\", revision) WHERE r.currency = 'EUR';")]
    [InlineData("DESCRIBE windows")]
    [InlineData("SELECT count(*) FROM glob('{lake}/**/*.parquet')")]
    public async Task A_single_select_in_any_of_its_forms_runs(string query)
    {
        await WriteSomeWindowsAsync();

        var result = await _lake.ResultOfAsync(query.Replace("{lake}", _lake.Root, StringComparison.Ordinal));

        Assert.NotEmpty(result.Rows);
    }

    public static TheoryData<string> OutsideTheLake => new()
    {
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM read_parquet('{elsewhere}/windows/*/*.parquet')",
        "SELECT * FROM '{elsewhere}/windows/date=2026-03-02/part-00000000000000000010.parquet'",
        "SELECT * FROM read_blob('{lake}/../{elsewhereName}/windows/date=2026-03-02/part-00000000000000000010.parquet')",
        "SELECT * FROM read_parquet('{lake}-stray/*.parquet')",
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM read_csv('https://example.com/orders.csv')",
    };

    [Theory]
    [MemberData(nameof(OutsideTheLake))]
    public async Task Files_outside_the_lake_and_the_network_cannot_be_read(string query)
    {
        await WriteSomeWindowsAsync();

        var failure = await _lake.FailureOfAsync(query
            .Replace("{lake}", _lake.Root, StringComparison.Ordinal)
            .Replace("{elsewhereName}", Path.GetFileName(_elsewhere.Root), StringComparison.Ordinal)
            .Replace("{elsewhere}", _elsewhere.Root, StringComparison.Ordinal));

        Assert.Equal(LakeQueryFailureKind.Failed, failure.Kind);
        Assert.Contains("Permission Error", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_result_longer_than_asked_for_is_truncated_and_says_so()
    {
        var asked = await _lake.ResultOfAsync("SELECT range AS n FROM range(50) ORDER BY n", maxRows: 10);
        Assert.Equal(Enumerable.Range(0, 10).Select(n => new object?[] { (long)n }), asked.Rows);
        Assert.True(asked.Truncated);

        var exactly = await _lake.ResultOfAsync("SELECT range AS n FROM range(10)", maxRows: 10);
        Assert.Equal(10, exactly.Rows.Count);
        Assert.False(exactly.Truncated);
    }

    [Fact]
    public async Task A_request_for_more_rows_than_the_limit_gets_the_limit()
    {
        using var lake = new TemporaryLake(queryRowLimit: 20);

        var capped = await lake.ResultOfAsync("SELECT * FROM range(1000000)", maxRows: 500);
        var unasked = await lake.ResultOfAsync("SELECT * FROM range(1000000)");

        Assert.Equal(20, capped.Rows.Count);
        Assert.True(capped.Truncated);
        Assert.Equal(20, unasked.Rows.Count);
        Assert.True(unasked.Truncated);
    }

    [Fact]
    public async Task An_endless_query_is_stopped_when_the_timeout_passes_and_reported_as_such()
    {
        using var lake = new TemporaryLake(queryTimeout: TimeSpan.FromMilliseconds(300));

        var stopped = await lake.FailureOfAsync("SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b");

        Assert.Equal(LakeQueryFailureKind.TimedOut, stopped.Kind);
        Assert.Contains("stopped", stopped.Message, StringComparison.Ordinal);
        Assert.Equal([[42]], (await lake.ResultOfAsync("SELECT 42")).Rows);
    }

    [Fact]
    public async Task An_endless_query_whose_rows_are_read_one_by_one_is_stopped_too()
    {
        using var lake = new TemporaryLake(queryTimeout: TimeSpan.FromMilliseconds(300));

        var stopped = await lake.FailureOfAsync("SELECT a.range FROM range(1000000) a, range(1000000) b WHERE a.range * b.range < 0");

        Assert.Equal(LakeQueryFailureKind.TimedOut, stopped.Kind);
    }

    [Fact]
    public async Task A_caller_that_gives_up_stops_the_query()
    {
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _lake.Query.RunAsync("SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b", null, giveUp.Token));
    }

    [Fact]
    public async Task A_query_that_needs_more_memory_than_allowed_fails_instead_of_spilling_to_disk()
    {
        var failure = await _lake.FailureOfAsync("SELECT list(range) FROM range(200000000)");

        Assert.Equal(LakeQueryFailureKind.Failed, failure.Kind);
        Assert.Contains("Out of Memory", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT nope FROM windows", "nope")]
    [InlineData("SELEC 1", "syntax error")]
    [InlineData("SELECT * FROM orders", "orders")]
    [InlineData("SELECT 'x'::INTEGER", "Conversion Error")]
    public async Task A_query_duckdb_rejects_fails_with_its_message(string query, string mentioned)
    {
        var failure = await _lake.FailureOfAsync(query);

        Assert.Equal(LakeQueryFailureKind.Failed, failure.Kind);
        Assert.Contains(mentioned, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Values_come_back_as_json_types()
    {
        var result = await _lake.ResultOfAsync("""
            SELECT 7::BIGINT AS count, 'EUR' AS currency, 12.50::DECIMAL(10, 2) AS revenue, 0.5::DOUBLE AS share, true AS yes, NULL AS nothing,
                   TIMESTAMPTZ '2026-03-02 00:05:00+00' AS at, TIMESTAMP '2026-03-02 00:05:00.25' AS local, DATE '2026-03-02' AS day,
                   INTERVAL 90 MINUTE AS span, [1, 2] AS list, {'country': 'DE', 'orders': 3} AS region,
                   170141183460469231731687303715884105727::HUGEINT AS huge, 'NaN'::DOUBLE AS not_a_number, 'ab'::BLOB AS bytes
            """);

        Assert.Equal(
            ["bigint", "varchar", "decimal", "double", "boolean", "integer", "timestamptz", "timestamp", "date", "interval", "list", "struct", "hugeint", "double", "blob"],
            result.Columns.Select(c => c.Type));
        Assert.Equal(
            """[[7,"EUR",12.50,0.5,true,null,"2026-03-02T00:05:00Z","2026-03-02T00:05:00.25","2026-03-02","01:30:00",[1,2],{"country":"DE","orders":3},"170141183460469231731687303715884105727","NaN","YWI="]]""",
            JsonSerializer.Serialize(result.Rows));
    }
}
