using System.Security.Cryptography;
using System.Text;
using Bazaar.Ordering.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Bazaar.Ordering.Checkout;

/// <summary>
/// A product with a per-customer limit (catalog's <c>maxPerCustomer</c>: a launch, a limited edition) sells each
/// customer at most that many units over all their orders that are not cancelled. Bots buying up scarce stock send
/// many checkouts at once, so counting and saving happen in one transaction that one customer's checkouts take in turn.
/// </summary>
public static class CustomerLimits
{
    public static async Task<IDbContextTransaction> BeginAsync(OrderingDbContext db, string userId, CancellationToken cancellationToken)
    {
        // On SQLite the transaction itself takes the write lock (BEGIN IMMEDIATE), which serialises every writer.
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            var key = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("customer-limit:" + userId)));
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", cancellationToken);
        }
        return transaction;
    }

    /// <summary>Units of each product the customer holds in orders that are not cancelled.</summary>
    public static Task<Dictionary<string, int>> BoughtAsync(
        OrderingDbContext db, string userId, IReadOnlyCollection<string> productIds, CancellationToken cancellationToken) =>
        db.Orders
            .Where(o => o.UserId == userId && o.Status != OrderStatus.Cancelled)
            .SelectMany(o => o.Lines)
            .Where(l => productIds.Contains(l.ProductId))
            .GroupBy(l => l.ProductId)
            .Select(g => new { ProductId = g.Key, Units = g.Sum(l => l.Quantity) })
            .ToDictionaryAsync(x => x.ProductId, x => x.Units, cancellationToken);
}
