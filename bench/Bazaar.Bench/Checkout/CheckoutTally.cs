using System.Collections.Concurrent;

namespace Bazaar.Bench.Checkout;

/// <summary>What the run's checkouts came to, counted from many tasks at once.</summary>
public sealed class CheckoutTally
{
    private readonly ConcurrentQueue<double> _latenciesMs = new();
    private readonly ConcurrentQueue<string> _orderIds = new();
    private readonly ConcurrentDictionary<string, int> _failures = new();
    private long _completed;
    private long _failed;
    private long _duplicates;
    private long _retried;
    private long _throttled;
    private long _inFlight;

    public long CompletedCount => Interlocked.Read(ref _completed);
    public long FailedCount => Interlocked.Read(ref _failed);
    public long Duplicates => Interlocked.Read(ref _duplicates);
    public long Retried => Interlocked.Read(ref _retried);
    public long Throttled => Interlocked.Read(ref _throttled);
    public long InFlight => Interlocked.Read(ref _inFlight);
    public IReadOnlyCollection<double> LatenciesMs => _latenciesMs;
    public IEnumerable<string> OrderIds => _orderIds;

    /// <summary>Failures grouped by reason, most frequent first.</summary>
    public IEnumerable<KeyValuePair<string, int>> FailureReasons => _failures.OrderByDescending(f => f.Value);

    public void Started() => Interlocked.Increment(ref _inFlight);

    public void Finished() => Interlocked.Decrement(ref _inFlight);

    public void Created(string orderId) => _orderIds.Enqueue(orderId);

    public void Completed(TimeSpan latency)
    {
        _latenciesMs.Enqueue(latency.TotalMilliseconds);
        Interlocked.Increment(ref _completed);
    }

    public void Failed(string reason)
    {
        _failures.AddOrUpdate(reason, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _failed);
    }

    public void Duplicate() => Interlocked.Increment(ref _duplicates);

    public void RetryAnsweredSameOrder() => Interlocked.Increment(ref _retried);

    public void WasThrottled() => Interlocked.Increment(ref _throttled);
}
