namespace Bazaar.Payment.Payments;

public enum PaymentStatus
{
    /// <summary>Known from the order, waiting for its stock to be reserved before charging.</summary>
    Pending,
    Captured,
    Failed,
    /// <summary>The order was cancelled before any money moved.</summary>
    Cancelled,
    PartiallyRefunded,
    Refunded,
}

/// <summary>One order's payment. Holds the gateway's token and ids, never a card number or CVC.</summary>
public sealed class Payment
{
    public string Id { get; set; } = Guid.CreateVersion7().ToString();
    public required string OrderId { get; set; }
    public required string UserId { get; set; }
    public decimal Amount { get; set; }
    public required string Currency { get; set; }
    public string? Token { get; set; }
    public PaymentStatus Status { get; set; }
    public string? AuthorizationId { get; set; }
    public string? CaptureId { get; set; }
    public string? FailureReason { get; set; }
    public int Attempts { get; set; }
    public decimal RefundedAmount { get; set; }
    public DateTimeOffset? StockReservedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<Refund> Refunds { get; set; } = [];

    /// <summary>Optimistic concurrency: two refunds racing for the same money cannot both be recorded.</summary>
    public int Version { get; set; }

    public decimal Refundable => Status is PaymentStatus.Captured or PaymentStatus.PartiallyRefunded ? Amount - RefundedAmount : 0;
}

public enum RefundStatus
{
    /// <summary>Recorded against the payment, not yet confirmed by the gateway.</summary>
    Pending,
    Succeeded,
    Failed,
}

/// <summary>
/// Money returned on a payment. It is recorded (and the refundable amount reduced) before the gateway is
/// asked, so concurrent refunds cannot together exceed what was paid.
/// </summary>
public sealed class Refund
{
    public string Id { get; set; } = Guid.CreateVersion7().ToString();
    public required string PaymentId { get; set; }
    public decimal Amount { get; set; }
    public required string Reason { get; set; }
    public RefundStatus Status { get; set; }
    public string? GatewayRefundId { get; set; }
    public string? IdempotencyKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
