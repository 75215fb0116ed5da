namespace Bazaar.Contracts.Payment;

public sealed record PaymentSucceeded(string PaymentId, string OrderId, string UserId, decimal Amount, string Currency);

public sealed record PaymentFailed(string PaymentId, string OrderId, string UserId, string Reason, bool Transient);

public sealed record PaymentRefunded(string PaymentId, string OrderId, string RefundId, decimal Amount, string Currency);
