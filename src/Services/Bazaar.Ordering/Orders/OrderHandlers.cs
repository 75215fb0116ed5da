using Bazaar.BuildingBlocks;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Inventory;
using Bazaar.Contracts.Payment;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Ordering.Orders;

/// <summary>The checkout's replies from inventory and payment, each moving the order one step.</summary>
public sealed class AdvanceOrderWhenCheckoutReplies(OrderingDbContext db, OrderingOptions options, BazaarMetrics metrics)
    : IEventHandler<StockReserved>, IEventHandler<StockReservationFailed>, IEventHandler<PaymentSucceeded>, IEventHandler<StockCommitted>,
      IEventHandler<PaymentFailed>, IEventHandler<ReservationExpired>
{
    public async Task HandleAsync(StockReserved message, EventContext context, CancellationToken cancellationToken)
    {
        var order = await FindAsync(message.OrderId, cancellationToken);
        var now = db.Time.GetUtcNow();
        order?.MarkStockReserved(now, now + options.PaymentReplyTimeout);
    }

    public Task HandleAsync(StockReservationFailed message, EventContext context, CancellationToken cancellationToken) =>
        CancelAsync(message.OrderId, message.Reason, cancellationToken);

    public async Task HandleAsync(PaymentSucceeded message, EventContext context, CancellationToken cancellationToken)
    {
        var order = await FindAsync(message.OrderId, cancellationToken);
        order?.RecordPayment(message.PaymentId, db.Time.GetUtcNow());
    }

    /// <summary>
    /// Inventory commits a reservation only once it is paid, so this is the moment the order is both paid
    /// and its stock committed: it becomes processing.
    /// </summary>
    public async Task HandleAsync(StockCommitted message, EventContext context, CancellationToken cancellationToken)
    {
        var order = await FindAsync(message.OrderId, cancellationToken);
        if (order is not null && order.Confirm(db.Time.GetUtcNow()))
        {
            db.Publish(OrderEvents.Confirmed(order), order.Id);
            metrics.OrdersConfirmed.Add(1);
        }
    }

    public Task HandleAsync(PaymentFailed message, EventContext context, CancellationToken cancellationToken) =>
        CancelAsync(message.OrderId, $"payment_{message.Reason}", cancellationToken);

    public Task HandleAsync(ReservationExpired message, EventContext context, CancellationToken cancellationToken) =>
        CancelAsync(message.OrderId, "reservation_expired", cancellationToken);

    /// <summary>
    /// A failed or lapsed checkout cancels only a pending order. An order whose stock expired never becomes
    /// processing (inventory commits only an active reservation), so a payment that won the race is refunded.
    /// </summary>
    private async Task CancelAsync(string orderId, string reason, CancellationToken cancellationToken)
    {
        var order = await FindAsync(orderId, cancellationToken);
        if (order is not null && order.Status == OrderStatus.Pending && order.Cancel(reason, db.Time.GetUtcNow(), out var wasPaid))
        {
            db.Publish(OrderEvents.Cancelled(order, wasPaid), order.Id);
            metrics.CheckoutFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    private Task<Order?> FindAsync(string orderId, CancellationToken cancellationToken) =>
        db.Orders.Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken);
}
