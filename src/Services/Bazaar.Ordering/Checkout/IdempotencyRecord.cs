namespace Bazaar.Ordering.Checkout;

/// <summary>The first answer to a checkout with a given <c>Idempotency-Key</c>, replayed for any retry of the same request.</summary>
public sealed class IdempotencyRecord
{
    public required string UserId { get; set; }
    public required string Key { get; set; }
    public required string RequestHash { get; set; }
    public required string OrderId { get; set; }
    public required string ResponseJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
