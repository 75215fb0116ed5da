using Bazaar.BuildingBlocks;
using Bazaar.Contracts.Payment;
using Bazaar.Payment.Gateway;
using Polly.Registry;

namespace Bazaar.Payment.Payments;

/// <summary>
/// Charges and refunds through the gateway: authorize then capture, each retried with backoff on
/// transient errors under an idempotency key derived from the payment, so retries never double-charge.
/// </summary>
public sealed class PaymentProcessor(PaymentDbContext db, IPaymentGateway gateway, ResiliencePipelineProvider<string> pipelines, BazaarMetrics metrics)
{
    public const string PipelineName = "payment-gateway";

    public async Task ChargeAsync(Payment payment, CancellationToken cancellationToken)
    {
        if (payment.Status != PaymentStatus.Pending || payment.Token is null)
        {
            return;
        }

        var pipeline = pipelines.GetPipeline(PipelineName);
        GatewayResult authorization, capture;
        try
        {
            authorization = await pipeline.ExecuteAsync(async ct =>
            {
                payment.Attempts++;
                return await gateway.AuthorizeAsync(payment.Token, payment.Amount, payment.Currency, $"{payment.Id}:authorize", ct);
            }, cancellationToken);
            capture = authorization.Succeeded
                ? await pipeline.ExecuteAsync(ct => new ValueTask<GatewayResult>(gateway.CaptureAsync(authorization.Id!, payment.Amount, $"{payment.Id}:capture", ct)), cancellationToken)
                : authorization;
        }
        catch (TransientGatewayException)
        {
            Fail(payment, "processing_error", transient: true);
            return;
        }

        if (!capture.Succeeded)
        {
            Fail(payment, capture.DeclineCode ?? "declined", transient: false);
            return;
        }

        payment.AuthorizationId = authorization.Id;
        payment.CaptureId = capture.Id;
        payment.Status = PaymentStatus.Captured;
        payment.UpdatedAt = db.Time.GetUtcNow();
        db.Publish(new PaymentSucceeded(payment.Id, payment.OrderId, payment.UserId, payment.Amount, payment.Currency), payment.OrderId);
        metrics.Payments.Add(1, new KeyValuePair<string, object?>("outcome", "captured"));
    }

    public async Task<Refund> RefundAsync(Payment payment, decimal amount, string reason, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var refundId = Guid.CreateVersion7().ToString();
        var result = await pipelines.GetPipeline(PipelineName).ExecuteAsync(
            ct => new ValueTask<GatewayResult>(gateway.RefundAsync(payment.CaptureId!, amount, $"{payment.Id}:refund:{idempotencyKey ?? refundId}", ct)),
            cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"The gateway refused the refund: {result.DeclineCode}.");
        }

        var refund = new Refund
        {
            Id = refundId,
            PaymentId = payment.Id,
            Amount = amount,
            Reason = reason,
            GatewayRefundId = result.Id!,
            IdempotencyKey = idempotencyKey,
            CreatedAt = db.Time.GetUtcNow(),
        };
        payment.Refunds.Add(refund);
        payment.RefundedAmount += amount;
        payment.Status = payment.RefundedAmount >= payment.Amount ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded;
        payment.UpdatedAt = refund.CreatedAt;
        db.Publish(new PaymentRefunded(payment.Id, payment.OrderId, refund.Id, amount, payment.Currency), payment.OrderId);
        metrics.Payments.Add(1, new KeyValuePair<string, object?>("outcome", "refunded"));
        return refund;
    }

    private void Fail(Payment payment, string reason, bool transient)
    {
        payment.Status = PaymentStatus.Failed;
        payment.FailureReason = reason;
        payment.UpdatedAt = db.Time.GetUtcNow();
        db.Publish(new PaymentFailed(payment.Id, payment.OrderId, payment.UserId, reason, transient), payment.OrderId);
        metrics.Payments.Add(1, new KeyValuePair<string, object?>("outcome", "failed"), new KeyValuePair<string, object?>("reason", reason));
    }
}
