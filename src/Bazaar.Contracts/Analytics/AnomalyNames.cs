namespace Bazaar.Contracts.Analytics;

/// <summary>The figures judged, as <c>AnomalyDetected.Metric</c> names them.</summary>
public static class AnomalyMetric
{
    public const string Orders = "orders";

    /// <summary>Per currency.</summary>
    public const string Revenue = "revenue";

    /// <summary>Payment failures over orders placed in the window.</summary>
    public const string PaymentFailureRate = "payment-failure-rate";
}

/// <summary>What was wrong, as <c>AnomalyDetected.Kind</c> names it.</summary>
public static class AnomalyKind
{
    public const string Spike = "spike";

    public const string Drop = "drop";

    /// <summary>No orders at all where the baseline expects many.</summary>
    public const string Outage = "outage";
}
