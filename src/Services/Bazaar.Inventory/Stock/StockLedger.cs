using Bazaar.Contracts.Inventory;
using Bazaar.Inventory.Reservations;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Inventory.Stock;

/// <summary>
/// Every movement of units goes through here: a conditional UPDATE that the database applies only if
/// neither count would go negative, so correctness does not depend on any lock in this process.
/// </summary>
public sealed class StockLedger(InventoryDbContext db, InventoryOptions options)
{
    /// <returns>Whether the movement was possible and applied.</returns>
    public async Task<bool> TryMoveAsync(string productId, int availableDelta, int reservedDelta, CancellationToken cancellationToken)
    {
        var now = db.Time.GetUtcNow();
        var applied = await db.Stock
            .Where(s => s.ProductId == productId && s.Available + availableDelta >= 0 && s.Reserved + reservedDelta >= 0)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Available, x => x.Available + availableDelta)
                .SetProperty(x => x.Reserved, x => x.Reserved + reservedDelta)
                .SetProperty(x => x.UpdatedAt, now), cancellationToken);
        if (applied == 1)
        {
            await AnnounceAsync(productId, availableDelta, cancellationToken);
        }
        return applied == 1;
    }

    /// <summary>Sets the available units only if they are still what the caller read (compare-and-set).</summary>
    public async Task<bool> TrySetAvailableAsync(string productId, int expected, int available, CancellationToken cancellationToken)
    {
        var now = db.Time.GetUtcNow();
        var applied = await db.Stock
            .Where(s => s.ProductId == productId && s.Available == expected)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Available, available).SetProperty(x => x.UpdatedAt, now), cancellationToken);
        if (applied == 1)
        {
            await AnnounceAsync(productId, available - expected, cancellationToken);
        }
        return applied == 1;
    }

    /// <summary>Moves a status only from the expected one, so two racing transitions cannot both win.</summary>
    public async Task<Reservation?> TryTransitionAsync(string orderId, ReservationStatus from, ReservationStatus to, CancellationToken cancellationToken)
    {
        var moved = await db.Reservations
            .Where(r => r.OrderId == orderId && r.Status == from)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, to), cancellationToken);
        return moved == 0
            ? null
            : await db.Reservations.AsNoTracking().Include(r => r.Lines).FirstAsync(r => r.OrderId == orderId, cancellationToken);
    }

    /// <summary>Gives held units back to sale: a cancelled or expired order.</summary>
    public async Task ReleaseAsync(Reservation reservation, CancellationToken cancellationToken)
    {
        foreach (var line in reservation.Lines)
        {
            await TryMoveAsync(line.ProductId, line.Quantity, -line.Quantity, cancellationToken);
        }
    }

    private async Task AnnounceAsync(string productId, int availableDelta, CancellationToken cancellationToken)
    {
        var item = await db.Stock.AsNoTracking().FirstAsync(s => s.ProductId == productId, cancellationToken);
        db.Publish(new StockChanged(productId, item.Available, item.Reserved), productId);
        var before = item.Available - availableDelta;
        if (item.Available < options.LowStockThreshold && before >= options.LowStockThreshold)
        {
            db.Publish(new LowStock(productId, item.Available, options.LowStockThreshold), productId);
        }
    }
}
