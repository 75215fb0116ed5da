using System.Collections.Concurrent;
using Bazaar.Bench.Reporting;

namespace Bazaar.Bench.Check;

/// <summary>What the checker counted and what it found wrong, collected from parallel reads.</summary>
public sealed class Findings
{
    /// <summary>Enough to see what is wrong; a run with more is broken beyond what a longer list would tell.</summary>
    private const int MaxListed = 200;

    private readonly ConcurrentDictionary<string, long> _checked = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private long _violationCount;

    public void Count(string what, long n = 1) => _checked.AddOrUpdate(what, n, (_, c) => c + n);

    public void Violation(string message)
    {
        if (Interlocked.Increment(ref _violationCount) <= MaxListed)
        {
            _violations.Enqueue(message);
            Report.Progress("VIOLATION: " + message);
        }
    }

    public long ViolationCount => Interlocked.Read(ref _violationCount);

    public CheckResult ToResult()
    {
        var listed = _violations.ToList();
        if (ViolationCount > listed.Count)
        {
            listed.Add($"… and {ViolationCount - listed.Count} more");
        }
        return new CheckResult(new SortedDictionary<string, long>(_checked, StringComparer.Ordinal), listed);
    }
}

public sealed record CheckResult(IReadOnlyDictionary<string, long> Checked, IReadOnlyList<string> Violations);
