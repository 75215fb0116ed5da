using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Inventory;
using Bazaar.Contracts.Ordering;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Payment.Payments;

/// <summary>Learns of each order's amount and card token, to charge once its stock is reserved.</summary>
public sealed class RecordPaymentWhenOrderPlaced(PaymentDbContext db) : IEventHandler<OrderPlaced>
{
    public async Task HandleAsync(OrderPlaced message, EventContext context, CancellationToken cancellationToken)
    {
        if (await db.Payments.AnyAsync(p => p.OrderId == message.OrderId, cancellationToken))
        {
            return;
        }
        var now = db.Time.GetUtcNow();
        db.Payments.Add(new Payment
        {
            OrderId = message.OrderId,
            UserId = message.UserId,
            Amount = message.Total,
            Currency = message.Currency,
            Token = message.PaymentToken,
            Status = PaymentStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
        });
    }
}

/// <summary>Charges the card once inventory holds the goods.</summary>
public sealed class ChargeWhenStockReserved(PaymentDbContext db, PaymentProcessor processor) : IEventHandler<StockReserved>
{
    public async Task HandleAsync(StockReserved message, EventContext context, CancellationToken cancellationToken)
    {
        // OrderPlaced may still be on its way to this service; the bus retries this until it has come.
        await db.LockPaymentAsync(message.OrderId, cancellationToken);
        var payment = await db.Payments.FirstOrDefaultAsync(p => p.OrderId == message.OrderId, cancellationToken)
            ?? throw new EventArrivedEarlyException($"No payment recorded yet for order {message.OrderId}.");
        payment.StockReservedAt ??= db.Time.GetUtcNow();
        await processor.ChargeAsync(payment, cancellationToken);
    }
}

/// <summary>A cancelled order is never charged, and a charged one is refunded in full.</summary>
public sealed class RefundWhenOrderCancelled(PaymentDbContext db, PaymentProcessor processor) : IEventHandler<OrderCancelled>
{
    public async Task HandleAsync(OrderCancelled message, EventContext context, CancellationToken cancellationToken)
    {
        await db.LockPaymentAsync(message.OrderId, cancellationToken);
        var payment = await db.Payments.Include(p => p.Refunds).FirstOrDefaultAsync(p => p.OrderId == message.OrderId, cancellationToken);
        var now = db.Time.GetUtcNow();
        if (payment is null)
        {
            // The cancellation overtook OrderPlaced: record it so the late OrderPlaced charges nothing.
            db.Payments.Add(new Payment
            {
                OrderId = message.OrderId,
                UserId = message.UserId,
                Amount = message.Total,
                Currency = message.Currency,
                Status = PaymentStatus.Cancelled,
                CreatedAt = now,
                UpdatedAt = now,
            });
            return;
        }
        if (payment.Status == PaymentStatus.Pending)
        {
            payment.Status = PaymentStatus.Cancelled;
            payment.UpdatedAt = now;
            payment.Version++;
        }
        else if (payment.Refundable > 0)
        {
            // Claim first (a concurrent admin refund then fails on the version), then pay back.
            var refund = processor.BeginRefund(payment, payment.Refundable, $"order cancelled: {message.Reason}", $"cancel-{message.OrderId}");
            await db.SaveChangesAsync(cancellationToken);
            await processor.CompleteRefundAsync(payment, refund, cancellationToken);
        }
    }
}
