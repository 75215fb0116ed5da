namespace Bazaar.Bench.Checkout;

/// <summary>The line the harness parses. The first fields are the benchmark's; the rest say how it was measured.</summary>
public sealed record CheckoutResult(
    long Completed,
    long Failed,
    long Duplicates,
    double Seconds,
    double PerSecond,
    double? P50Ms,
    double? P95Ms,
    double? P99Ms,
    double? MaxMs,
    string Mode,
    int Clients,
    double? Rate,
    long Retried,
    long Throttled,
    int PollMs,
    int PollMaxMs);
