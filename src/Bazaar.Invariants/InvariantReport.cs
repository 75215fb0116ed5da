using System.Collections.Concurrent;
using System.Text;

namespace Bazaar.Invariants;

/// <summary>What the checker looked at, and every violation it found.</summary>
public sealed class InvariantReport
{
    /// <summary>Enough to see what is wrong; a shop with more is broken beyond what a longer list would tell.</summary>
    private const int MaxListed = 200;

    private readonly ConcurrentDictionary<string, long> _checked = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _violations = new();
    private long _violationCount;

    /// <summary>Counts of what was checked, by kind ("orders", "outbox events", …).</summary>
    public IReadOnlyDictionary<string, long> Checked => new SortedDictionary<string, long>(_checked, StringComparer.Ordinal);

    /// <summary>The violations found, at most <see cref="MaxListed"/> of them spelled out.</summary>
    public IReadOnlyList<string> Violations => [.. _violations];

    public long ViolationCount => Interlocked.Read(ref _violationCount);

    public bool IsClean => ViolationCount == 0;

    /// <summary>Orders still waiting for stock or payment when the shop was read.</summary>
    public long PendingOrders => _checked.GetValueOrDefault(PendingOrdersKey);

    internal static readonly string PendingOrdersKey = OrdersIn("pending");

    /// <summary>The count of orders in one status ("processing orders").</summary>
    internal static string OrdersIn(string status) => $"{status} orders";

    public void Count(string what, long n = 1) => _checked.AddOrUpdate(what, n, (_, c) => c + n);

    public void Violation(string message)
    {
        if (Interlocked.Increment(ref _violationCount) <= MaxListed)
        {
            _violations.Enqueue(message);
        }
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine($"checked: {string.Join(", ", Checked.Select(c => $"{c.Value} {c.Key}"))}");
        text.AppendLine($"{ViolationCount} violations");
        foreach (var violation in _violations)
        {
            text.AppendLine("  " + violation);
        }
        if (ViolationCount > _violations.Count)
        {
            text.AppendLine($"  … and {ViolationCount - _violations.Count} more");
        }
        return text.ToString();
    }
}
