using System.Text;
using System.Text.Json;
using Bazaar.BuildingBlocks.Hosting;
using Bazaar.Contracts.Payment;
using Bazaar.Payment.Payments;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Payment.Webhooks;

/// <summary>What the processor tells about a charge; only <c>charge.refunded</c> changes anything here.</summary>
public sealed record WebhookEvent(string? Id, string? Type, WebhookCharge? Data);

public sealed record WebhookCharge(string? CaptureId, string? RefundId, decimal? Amount);

public sealed record WebhookReceipt(string EventId, string Outcome);

/// <summary>
/// The card processor's calls about charges made outside a checkout: a refund given from its dashboard, say. Nobody
/// signs in to send them; only the signature under the shared secret, over the exact body and a fresh timestamp, lets
/// one through (an unsigned, altered or replayed call changes nothing).
/// </summary>
public static class WebhooksApi
{
    public const string Path = "/api/payments/webhooks/sandbox";

    public static IEndpointRouteBuilder MapPaymentWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, ReceiveAsync).WithTags("Payments").AllowAnonymous().Accepts<WebhookEvent>("application/json");
        return app;
    }

    private static async Task<Results<Ok<WebhookReceipt>, ValidationProblem, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, PaymentDbContext db, PaymentOptions options, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(options.WebhookSecret))
        {
            return Problems.NotFound("A webhook endpoint (none is configured)");
        }
        // The signature covers the bytes as sent, so the body is read as text before any parsing.
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(cancellationToken);
        if (WebhookSignature.Check(request.Headers[WebhookSignature.Header], body, options.WebhookSecret, db.Time.GetUtcNow(), options.WebhookTolerance) is { } refused)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid webhook signature", detail: refused);
        }

        WebhookEvent? message;
        try
        {
            message = JsonSerializer.Deserialize<WebhookEvent>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            message = null;
        }
        var validation = new Validation();
        validation.Check(message?.Id is { Length: > 0 and <= 100 }, "id", "Required, at most 100 characters.");
        validation.Check(message?.Type is { Length: > 0 and <= 100 }, "type", "Required, at most 100 characters.");
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        return message!.Type == "charge.refunded"
            ? await RecordRefundAsync(message, db, cancellationToken)
            : TypedResults.Ok(new WebhookReceipt(message.Id!, "ignored"));
    }

    /// <summary>A refund the processor made itself: recorded once (its refund id), within what the payment can still give back.</summary>
    private static async Task<Results<Ok<WebhookReceipt>, ValidationProblem, ProblemHttpResult>> RecordRefundAsync(
        WebhookEvent message, PaymentDbContext db, CancellationToken cancellationToken)
    {
        var charge = message.Data;
        var validation = new Validation();
        validation.Check(charge?.CaptureId is { Length: > 0 and <= 100 }, "data.captureId", "Required.");
        validation.Check(charge?.RefundId is { Length: > 0 and <= 100 }, "data.refundId", "Required.");
        validation.Check(charge?.Amount is > 0, "data.amount", "Must be more than 0.");
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var payment = await db.Payments.Include(p => p.Refunds).AsTracking().FirstOrDefaultAsync(p => p.CaptureId == charge!.CaptureId, cancellationToken);
        if (payment is null)
        {
            return Problems.NotFound($"Charge '{charge!.CaptureId}'");
        }
        if (payment.Refunds.Any(r => r.GatewayRefundId == charge!.RefundId))
        {
            return TypedResults.Ok(new WebhookReceipt(message.Id!, "already recorded"));
        }
        if (charge!.Amount > payment.Refundable)
        {
            return Problems.Unprocessable($"The charge has {payment.Refundable} {payment.Currency} left to refund, not {charge.Amount}.");
        }

        var now = db.Time.GetUtcNow();
        var refund = new Refund
        {
            PaymentId = payment.Id,
            Amount = charge.Amount!.Value,
            Reason = "refunded by the card processor",
            Status = RefundStatus.Succeeded,
            GatewayRefundId = charge.RefundId,
            IdempotencyKey = "webhook:" + charge.RefundId,
            CreatedAt = now,
        };
        payment.Refunds.Add(refund);
        payment.RefundedAmount += refund.Amount;
        payment.Status = payment.RefundedAmount >= payment.Amount ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded;
        payment.UpdatedAt = now;
        payment.Version++;
        db.Publish(new PaymentRefunded(payment.Id, payment.OrderId, refund.Id, refund.Amount, payment.Currency), payment.OrderId);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same refund arriving twice at once, or another refund of this payment: the processor calls again.
            return Problems.Conflict("The payment changed meanwhile; send the event again.");
        }
        return TypedResults.Ok(new WebhookReceipt(message.Id!, "refund recorded"));
    }
}
