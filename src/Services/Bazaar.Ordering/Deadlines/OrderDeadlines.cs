using Bazaar.BuildingBlocks;
using Bazaar.BuildingBlocks.Hosting;
using Bazaar.Ordering.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bazaar.Ordering.Deadlines;

/// <summary>
/// Cancels orders whose stock or payment never answered in time, and forgets idempotency keys older
/// than their lifetime. Deadlines are read from the database, so they survive restarts.
/// </summary>
public sealed class OrderDeadlines(
    IServiceScopeFactory scopes, OrderingOptions options, BazaarMetrics metrics, TimeProvider time, ILogger<OrderDeadlines> logger)
    : PeriodicSweep(options.DeadlineSweepInterval, time, logger)
{
    protected override async Task SweepAsync(CancellationToken cancellationToken)
    {
        await CancelOverdueAsync(cancellationToken);
        await ForgetOldKeysAsync(cancellationToken);
    }

    private async Task CancelOverdueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        var now = Time.GetUtcNow();
        var overdue = await db.Orders.Include(o => o.Lines)
            .Where(o => o.Status == OrderStatus.Pending && o.DeadlineAt != null && o.DeadlineAt <= now)
            .OrderBy(o => o.DeadlineAt)
            .Take(100)
            .ToListAsync(cancellationToken);
        foreach (var order in overdue)
        {
            var reason = order.StockReservedAt is null ? "timeout_awaiting_stock" : "timeout_awaiting_payment";
            if (order.Cancel(reason, now, out var wasPaid))
            {
                db.Publish(OrderEvents.Cancelled(order, wasPaid), order.Id);
                metrics.CheckoutFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));
            }
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A reply arrived while sweeping; the next sweep sees the order's new state.
        }
    }

    private async Task ForgetOldKeysAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        var cutoff = Time.GetUtcNow() - options.IdempotencyKeyLifetime;
        await db.IdempotencyRecords.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
