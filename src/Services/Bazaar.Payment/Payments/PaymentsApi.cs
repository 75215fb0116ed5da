using System.Security.Claims;
using Bazaar.BuildingBlocks.Auth;
using Bazaar.BuildingBlocks.Hosting;
using Bazaar.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Payment.Payments;

public sealed record RefundResponse(string Id, Money Amount, string Reason, RefundStatus Status, DateTimeOffset CreatedAt);

public sealed record PaymentResponse(
    string Id, string OrderId, string UserId, PaymentStatus Status, Money Amount, Money RefundedAmount, string? FailureReason,
    int Attempts, IReadOnlyList<RefundResponse> Refunds, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static PaymentResponse From(Payment p) => new(
        p.Id, p.OrderId, p.UserId, p.Status, new Money(p.Amount, p.Currency), new Money(p.RefundedAmount, p.Currency), p.FailureReason,
        p.Attempts, p.Refunds.OrderBy(r => r.CreatedAt).Select(r => new RefundResponse(r.Id, new Money(r.Amount, p.Currency), r.Reason, r.Status, r.CreatedAt)).ToList(),
        p.CreatedAt, p.UpdatedAt);
}

public sealed record PaymentMethodRequest(string? Type, string? Token);

public sealed record ProcessPaymentRequest(string? OrderId, PaymentMethodRequest? PaymentMethod);

public sealed record RefundRequest(string? PaymentId, Money? Amount, string? Reason);

public static class PaymentsApi
{
    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/payments").WithTags("Payments").RequireAuthorization();
        group.MapPost("/process", ProcessAsync);
        group.MapPost("/refund", RefundAsync).RequireAuthorization(Roles.AdminPolicy);
        group.MapGet("/order/{orderId}", GetByOrderAsync);
        group.MapGet("/{id}", GetAsync);
        return app;
    }

    private static async Task<Results<Ok<PaymentResponse>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal principal, PaymentDbContext db, CancellationToken cancellationToken)
    {
        var payment = await db.Payments.AsNoTracking().Include(p => p.Refunds).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return payment is null || !principal.MayAccess(payment.UserId) ? Problems.NotFound($"Payment '{id}'") : TypedResults.Ok(PaymentResponse.From(payment));
    }

    private static async Task<Results<Ok<PaymentResponse>, ProblemHttpResult>> GetByOrderAsync(string orderId, ClaimsPrincipal principal, PaymentDbContext db, CancellationToken cancellationToken)
    {
        var payment = await db.Payments.AsNoTracking().Include(p => p.Refunds).FirstOrDefaultAsync(p => p.OrderId == orderId, cancellationToken);
        return payment is null || !principal.MayAccess(payment.UserId) ? Problems.NotFound($"Payment of order '{orderId}'") : TypedResults.Ok(PaymentResponse.From(payment));
    }

    /// <summary>
    /// Charges an order whose stock is reserved, or answers with the payment as it stands: one payment
    /// per order, however often this is called.
    /// </summary>
    private static async Task<Results<Ok<PaymentResponse>, ValidationProblem, ProblemHttpResult>> ProcessAsync(
        ProcessPaymentRequest request, ClaimsPrincipal principal, PaymentDbContext db, PaymentProcessor processor, CancellationToken cancellationToken)
    {
        var validation = new Validation().Text(request.OrderId, "orderId", 36);
        if (request.PaymentMethod is { } method)
        {
            validation.Check(method.Type == "card", "paymentMethod.type", "Must be 'card'.");
            validation.Text(method.Token, "paymentMethod.token", 100);
        }
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var payment = await db.Payments.Include(p => p.Refunds).FirstOrDefaultAsync(p => p.OrderId == request.OrderId, cancellationToken);
        if (payment is null || !principal.MayAccess(payment.UserId))
        {
            return Problems.NotFound($"Payment of order '{request.OrderId}'");
        }
        if (payment.Status == PaymentStatus.Pending)
        {
            if (payment.StockReservedAt is null)
            {
                return Problems.Conflict("The order's stock is not reserved yet; the payment runs as soon as it is.", "Awaiting stock");
            }
            payment.Token = request.PaymentMethod?.Token ?? payment.Token;
            await processor.ChargeAsync(payment, cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // The checkout charged it meanwhile (under the same gateway idempotency key): show that result.
                db.ChangeTracker.Clear();
                payment = await db.Payments.AsNoTracking().Include(p => p.Refunds).FirstAsync(p => p.OrderId == request.OrderId, cancellationToken);
            }
        }
        return TypedResults.Ok(PaymentResponse.From(payment));
    }

    private static async Task<Results<Ok<PaymentResponse>, ValidationProblem, ProblemHttpResult>> RefundAsync(
        RefundRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, PaymentDbContext db, PaymentProcessor processor, CancellationToken cancellationToken)
    {
        var validation = new Validation().Text(request.PaymentId, "paymentId", 36);
        validation.Text(request.Reason, "reason", 200, required: false);
        validation.Text(idempotencyKey, "Idempotency-Key", 100, required: false);
        if (request.Amount is { } asked)
        {
            validation.Check(asked.Amount > 0 && decimal.Round(asked.Amount, 2) == asked.Amount, "amount.amount", "Must be a positive amount with at most two decimals.");
        }
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var payment = await db.Payments.Include(p => p.Refunds).FirstOrDefaultAsync(p => p.Id == request.PaymentId, cancellationToken);
        if (payment is null)
        {
            return Problems.NotFound($"Payment '{request.PaymentId}'");
        }
        if (idempotencyKey is not null && payment.Refunds.Any(r => r.IdempotencyKey == idempotencyKey))
        {
            return TypedResults.Ok(PaymentResponse.From(payment));
        }
        if (payment.Refundable <= 0)
        {
            return Problems.Conflict($"A payment that is {payment.Status} has nothing to refund.", "Nothing to refund");
        }

        var amount = request.Amount?.Amount ?? payment.Refundable;
        validation.Check(request.Amount is null || request.Amount.Currency == payment.Currency, "amount.currency", $"The payment was in {payment.Currency}.");
        validation.Check(amount <= payment.Refundable, "amount.amount", $"At most {payment.Refundable} {payment.Currency} is left to refund.");
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var refund = processor.BeginRefund(payment, amount, request.Reason?.Trim() ?? "requested by admin", idempotencyKey);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another refund of this payment was recorded meanwhile: a retry of this one answers as it did.
            db.ChangeTracker.Clear();
            var current = await db.Payments.AsNoTracking().Include(p => p.Refunds).FirstAsync(p => p.Id == payment.Id, cancellationToken);
            return idempotencyKey is not null && current.Refunds.Any(r => r.IdempotencyKey == idempotencyKey)
                ? TypedResults.Ok(PaymentResponse.From(current))
                : Problems.Conflict("Another refund of this payment was being recorded; read the payment again and retry.");
        }

        try
        {
            await processor.CompleteRefundAsync(payment, refund, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            await db.SaveChangesAsync(CancellationToken.None);
            return Problems.Unavailable(ex.Message);
        }
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(PaymentResponse.From(payment));
    }
}
