using System.Collections.Immutable;
using Bazaar.Analytics.Lake;
using Bazaar.Contracts.Analytics;
using Xunit;

namespace Bazaar.UnitTests.Analytics.Lake;

/// <summary>A lake in a directory of its own under the temporary folder, deleted afterwards.</summary>
internal sealed class TemporaryLake : IDisposable
{
    public TemporaryLake(TimeSpan? queryTimeout = null, int queryRowLimit = 1000)
    {
        Root = Path.Combine(Path.GetTempPath(), $"bazaar-lake-{Guid.NewGuid():N}");
        Options = new LakeOptions { Directory = Root, QueryRowLimit = queryRowLimit, QueryTimeout = queryTimeout ?? TimeSpan.FromSeconds(30) };
        Writer = new LakeWriter(Options);
        Query = new LakeQuery(Options);
    }

    public string Root { get; }

    public LakeOptions Options { get; }

    public LakeWriter Writer { get; }

    public LakeQuery Query { get; }

    /// <summary>Every file under the lake, hidden ones included, relative to it and sorted.</summary>
    public IReadOnlyList<string> Files() =>
        Directory.Exists(Root)
            ? [.. Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/')).Order(StringComparer.Ordinal)]
            : [];

    /// <summary>The rows of a query that must succeed.</summary>
    public async Task<LakeQueryResult> ResultOfAsync(string sql, int? maxRows = null)
    {
        var outcome = await Query.RunAsync(sql, maxRows, CancellationToken.None);
        if (outcome is LakeQueryFailure failure)
        {
            Assert.Fail($"The query was expected to succeed; it gave {failure}.");
        }
        return Assert.IsType<LakeQueryResult>(outcome, exactMatch: true);
    }

    /// <summary>The failure of a query that must fail.</summary>
    public async Task<LakeQueryFailure> FailureOfAsync(string sql, int? maxRows = null)
    {
        var outcome = await Query.RunAsync(sql, maxRows, CancellationToken.None);
        return Assert.IsType<LakeQueryFailure>(outcome, exactMatch: true);
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    /// <summary>A window with a little of everything, its figures scaled by <paramref name="orders"/>.</summary>
    public static WindowResult Window(
        DateTimeOffset start, long orders = 2, int revision = 1, WindowKind kind = WindowKind.Tumbling, TimeSpan? length = null, bool paymentFailures = true) =>
        new(kind, start, start + (length ?? TimeSpan.FromMinutes(5)), revision,
            OrdersPlaced: orders, OrdersConfirmed: orders - 1, Cancellations: 1, ItemsSold: orders * 3, LateEvents: 0,
            Revenue: [new("EUR", orders, orders * 10.50m, 10.50m), new("USD", 1, 7.25m, 7.25m)],
            TopProductsByQuantity: [new("p-1", "Teapot", orders * 2), new("p-2", "Cup", orders)],
            TopProductsByRevenue: [new("EUR", "p-1", "Teapot", orders * 8m, orders * 2), new("EUR", "p-2", "Cup", orders * 2.50m, orders), new("USD", "p-2", "Cup", 7.25m, 1)],
            ByRegion: [new("DE", "BY", "EUR", orders, orders * 10.50m), new("US", null, "USD", 1, 7.25m)],
            PaymentFailures: paymentFailures ? [new("card_declined", 2)] : ImmutableArray<ReasonCount>.Empty);
}
