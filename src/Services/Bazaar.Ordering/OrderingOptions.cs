namespace Bazaar.Ordering;

/// <summary>Bound from <c>Bazaar:Ordering</c>.</summary>
public sealed class OrderingOptions
{
    /// <summary>How long a new order waits for inventory to answer before it is cancelled.</summary>
    public TimeSpan StockReplyTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an order with reserved stock waits for payment before it is cancelled.</summary>
    public TimeSpan PaymentReplyTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan DeadlineSweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan IdempotencyKeyLifetime { get; set; } = TimeSpan.FromHours(24);

    public int MaxLines { get; set; } = 50;
}
