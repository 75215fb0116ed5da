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
        payment.Version++;
        db.Publish(new PaymentSucceeded(payment.Id, payment.OrderId, payment.UserId, payment.Amount, payment.Currency), payment.OrderId);
        metrics.Payments.Add(1, new KeyValuePair<string, object?>("outcome", "captured"));
        metrics.PaymentAmounts.Add((double)payment.Amount, new KeyValuePair<string, object?>("outcome", "captured"), new KeyValuePair<string, object?>("currency", payment.Currency));
    }

    /// <summary>
    /// Records a refund against the payment without asking the gateway yet; saving it claims the money,
    /// and a concurrent claim fails on the payment's version.
    /// </summary>
    public Refund BeginRefund(Payment payment, decimal amount, string reason, string? idempotencyKey)
    {
        var refund = new Refund
        {
            PaymentId = payment.Id,
            Amount = amount,
            Reason = reason,
            Status = RefundStatus.Pending,
            IdempotencyKey = idempotencyKey,
            CreatedAt = db.Time.GetUtcNow(),
        };
        payment.Refunds.Add(refund);
        payment.RefundedAmount += amount;
        payment.Status = payment.RefundedAmount >= payment.Amount ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded;
        payment.UpdatedAt = refund.CreatedAt;
        payment.Version++;
        return refund;
    }

    /// <summary>Asks the gateway to pay a recorded refund back (under the refund's id, so a retry refunds once).</summary>
    public async Task CompleteRefundAsync(Payment payment, Refund refund, CancellationToken cancellationToken)
    {
        GatewayResult result;
        try
        {
            result = await pipelines.GetPipeline(PipelineName).ExecuteAsync(
                ct => new ValueTask<GatewayResult>(gateway.RefundAsync(payment.CaptureId!, refund.Amount, $"refund:{refund.Id}", ct)),
                cancellationToken);
        }
        catch (TransientGatewayException)
        {
            result = GatewayResult.Declined("processing_error");
        }

        if (!result.Succeeded)
        {
            refund.Status = RefundStatus.Failed;
            payment.RefundedAmount -= refund.Amount;
            payment.Status = payment.RefundedAmount > 0 ? PaymentStatus.PartiallyRefunded : PaymentStatus.Captured;
            payment.Version++;
            throw new InvalidOperationException($"The gateway refused the refund: {result.DeclineCode}.");
        }

        refund.Status = RefundStatus.Succeeded;
        refund.GatewayRefundId = result.Id;
        payment.Version++;
        db.Publish(new PaymentRefunded(payment.Id, payment.OrderId, refund.Id, refund.Amount, payment.Currency), payment.OrderId);
        metrics.Payments.Add(1, new KeyValuePair<string, object?>("outcome", "refunded"));
        metrics.PaymentAmounts.Add((double)refund.Amount, new KeyValuePair<string, object?>("outcome", "refunded"), new KeyValuePair<string, object?>("currency", payment.Currency));
    }

    private void Fail(Payment payment, string reason, bool transient)
    {
        payment.Status = PaymentStatus.Failed;
        payment.FailureReason = reason;
        payment.UpdatedAt = db.Time.GetUtcNow();
        payment.Version++;
        db.Publish(new PaymentFailed(payment.Id, payment.OrderId, payment.UserId, reason, transient), payment.OrderId);
        metrics.Payments.Add(1, new KeyValuePair<string, object?>("outcome", "failed"), new KeyValuePair<string, object?>("reason", reason));
    }
}
