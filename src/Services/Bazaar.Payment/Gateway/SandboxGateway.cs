using System.Collections.Concurrent;

namespace Bazaar.Payment.Gateway;

/// <summary>
/// A test-mode processor with Stripe's test tokens: <c>tok_visa</c> and <c>tok_mastercard</c> succeed,
/// <c>tok_chargeDeclined</c> and <c>tok_insufficientFunds</c> decline, <c>tok_processingError</c> always
/// fails transiently. Answers are remembered per idempotency key, as a real gateway does.
/// </summary>
public sealed class SandboxGateway(PaymentOptions options, TimeProvider time) : IPaymentGateway
{
    private readonly ConcurrentDictionary<string, GatewayResult> _answers = new();

    public async Task<GatewayResult> AuthorizeAsync(string token, decimal amount, string currency, string idempotencyKey, CancellationToken cancellationToken)
    {
        if (options.SandboxLatency > TimeSpan.Zero)
        {
            await Task.Delay(options.SandboxLatency, time, cancellationToken);
        }
        if (token == "tok_processingError")
        {
            throw new TransientGatewayException("The sandbox processor had an error; retry later.");
        }
        return _answers.GetOrAdd(idempotencyKey, _ => token switch
        {
            "tok_visa" or "tok_mastercard" => GatewayResult.Success("auth_" + Guid.NewGuid().ToString("N")),
            "tok_chargeDeclined" => GatewayResult.Declined("card_declined"),
            "tok_insufficientFunds" => GatewayResult.Declined("insufficient_funds"),
            _ => GatewayResult.Declined("invalid_token"),
        });
    }

    public Task<GatewayResult> CaptureAsync(string authorizationId, decimal amount, string idempotencyKey, CancellationToken cancellationToken) =>
        Task.FromResult(_answers.GetOrAdd(idempotencyKey, _ => GatewayResult.Success("ch_" + Guid.NewGuid().ToString("N"))));

    public Task<GatewayResult> RefundAsync(string captureId, decimal amount, string idempotencyKey, CancellationToken cancellationToken) =>
        Task.FromResult(_answers.GetOrAdd(idempotencyKey, _ => GatewayResult.Success("re_" + Guid.NewGuid().ToString("N"))));
}
