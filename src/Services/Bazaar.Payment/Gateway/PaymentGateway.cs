namespace Bazaar.Payment.Gateway;

/// <summary>A card processor. Each call carries an idempotency key, so a retried call never charges twice.</summary>
public interface IPaymentGateway
{
    Task<GatewayResult> AuthorizeAsync(string token, decimal amount, string currency, string idempotencyKey, CancellationToken cancellationToken);

    Task<GatewayResult> CaptureAsync(string authorizationId, decimal amount, string idempotencyKey, CancellationToken cancellationToken);

    Task<GatewayResult> RefundAsync(string captureId, decimal amount, string idempotencyKey, CancellationToken cancellationToken);
}

/// <summary>A definitive answer: an id on success, a decline code otherwise.</summary>
public sealed record GatewayResult(bool Succeeded, string? Id, string? DeclineCode)
{
    public static GatewayResult Success(string id) => new(true, id, null);

    public static GatewayResult Declined(string code) => new(false, null, code);
}

/// <summary>The gateway could not answer (timeout, 5xx); the same call may succeed if tried again.</summary>
public sealed class TransientGatewayException(string message) : Exception(message);
