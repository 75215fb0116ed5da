using Bazaar.BuildingBlocks.Hosting;
using Bazaar.Contracts.Inventory;
using Bazaar.Inventory.Stock;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bazaar.Inventory.Reservations;

/// <summary>Releases holds whose order was never paid in time; the deadline lives in the database, so a restart keeps it.</summary>
public sealed class ReservationExpiry(IServiceScopeFactory scopes, InventoryOptions options, TimeProvider time, ILogger<ReservationExpiry> logger)
    : PeriodicSweep(options.ExpirySweepInterval, time, logger)
{
    protected override async Task SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        var now = Time.GetUtcNow();
        var due = await db.Reservations.AsNoTracking()
            .Where(r => r.Status == ReservationStatus.Active && r.ExpiresAt <= now)
            .OrderBy(r => r.ExpiresAt)
            .Select(r => r.OrderId)
            .Take(100)
            .ToListAsync(cancellationToken);

        foreach (var orderId in due)
        {
            await using var orderScope = scopes.CreateAsyncScope();
            var orderDb = orderScope.ServiceProvider.GetRequiredService<InventoryDbContext>();
            var ledger = orderScope.ServiceProvider.GetRequiredService<StockLedger>();
            await using var transaction = await orderDb.Database.BeginTransactionAsync(cancellationToken);
            if (await ledger.TryTransitionAsync(orderId, ReservationStatus.Active, ReservationStatus.Expired, cancellationToken) is { } expired)
            {
                await ledger.ReleaseAsync(expired, cancellationToken);
                orderDb.Publish(new ReservationExpired(orderId), orderId);
                await orderDb.SaveChangesAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
