using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Inventory;
using Bazaar.Contracts.Ordering;
using Bazaar.Contracts.Payment;
using Bazaar.Inventory.Stock;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Inventory.Reservations;

/// <summary>Holds every line of a new order, or none: a line that cannot be covered undoes the ones before it.</summary>
public sealed class ReserveStockWhenOrderPlaced(InventoryDbContext db, StockLedger ledger, InventoryOptions options) : IEventHandler<OrderPlaced>
{
    public async Task HandleAsync(OrderPlaced message, EventContext context, CancellationToken cancellationToken)
    {
        if (await db.Reservations.AnyAsync(r => r.OrderId == message.OrderId, cancellationToken))
        {
            return;
        }

        // Always lock rows in product order, so two orders for the same products cannot deadlock each other.
        var lines = message.Lines.GroupBy(l => l.ProductId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new StockLine(g.Key, g.Sum(l => l.Quantity))).ToList();
        var held = new List<StockLine>();
        foreach (var line in lines)
        {
            if (!await ledger.TryMoveAsync(line.ProductId, -line.Quantity, line.Quantity, cancellationToken))
            {
                foreach (var undo in held)
                {
                    await ledger.TryMoveAsync(undo.ProductId, undo.Quantity, -undo.Quantity, cancellationToken);
                }
                // The undo published stock events for a state that never became visible; drop them.
                foreach (var pending in db.ChangeTracker.Entries<OutboxMessage>().Where(e => e.State == EntityState.Added).ToList())
                {
                    pending.State = EntityState.Detached;
                }
                await FailAsync(message.OrderId, lines, cancellationToken);
                return;
            }
            held.Add(line);
        }

        var expiresAt = db.Time.GetUtcNow() + options.ReservationTtl;
        db.Reservations.Add(new Reservation
        {
            OrderId = message.OrderId,
            Status = ReservationStatus.Active,
            CreatedAt = db.Time.GetUtcNow(),
            ExpiresAt = expiresAt,
            Lines = lines.Select(l => new ReservationLine { OrderId = message.OrderId, ProductId = l.ProductId, Quantity = l.Quantity }).ToList(),
        });
        db.Publish(new StockReserved(message.OrderId, expiresAt, lines), message.OrderId);
    }

    private async Task FailAsync(string orderId, List<StockLine> lines, CancellationToken cancellationToken)
    {
        var ids = lines.Select(l => l.ProductId).ToList();
        var stock = await db.Stock.AsNoTracking().Where(s => ids.Contains(s.ProductId)).ToDictionaryAsync(s => s.ProductId, s => s.Available, cancellationToken);
        var shortLines = lines
            .Where(l => stock.GetValueOrDefault(l.ProductId) < l.Quantity)
            .Select(l => new ShortLine(l.ProductId, l.Quantity, stock.GetValueOrDefault(l.ProductId)))
            .ToList();
        db.Publish(new StockReservationFailed(orderId, "insufficient_stock", shortLines), orderId);
    }
}

/// <summary>A paid order's units leave the shelf for good.</summary>
public sealed class CommitStockWhenPaymentSucceeded(InventoryDbContext db, StockLedger ledger) : IEventHandler<PaymentSucceeded>
{
    public async Task HandleAsync(PaymentSucceeded message, EventContext context, CancellationToken cancellationToken)
    {
        // A reservation that already expired or was released stays so; payment refunds the cancelled order.
        var reservation = await ledger.TryTransitionAsync(message.OrderId, ReservationStatus.Active, ReservationStatus.Committed, cancellationToken);
        if (reservation is null)
        {
            return;
        }
        foreach (var line in reservation.Lines)
        {
            await ledger.TryMoveAsync(line.ProductId, 0, -line.Quantity, cancellationToken);
        }
        db.Publish(new StockCommitted(message.OrderId), message.OrderId);
    }
}

/// <summary>A cancelled order gives back what it held, or, if it was already paid, what it took.</summary>
public sealed class ReleaseStockWhenOrderCancelled(InventoryDbContext db, StockLedger ledger) : IEventHandler<OrderCancelled>
{
    public async Task HandleAsync(OrderCancelled message, EventContext context, CancellationToken cancellationToken)
    {
        if (await ledger.TryTransitionAsync(message.OrderId, ReservationStatus.Active, ReservationStatus.Released, cancellationToken) is { } held)
        {
            await ledger.ReleaseAsync(held, cancellationToken);
            db.Publish(new StockReleased(message.OrderId, message.Reason), message.OrderId);
        }
        else if (await ledger.TryTransitionAsync(message.OrderId, ReservationStatus.Committed, ReservationStatus.Returned, cancellationToken) is { } sold)
        {
            foreach (var line in sold.Lines)
            {
                await ledger.TryMoveAsync(line.ProductId, line.Quantity, 0, cancellationToken);
            }
            db.Publish(new StockReleased(message.OrderId, message.Reason), message.OrderId);
        }
    }
}
