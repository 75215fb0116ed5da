using Microsoft.EntityFrameworkCore;

namespace Bazaar.Payment.Payments;

public static class PaymentLocks
{
    /// <summary>
    /// Holds an order's payment row until the handler's transaction ends, so a charge and a cancellation of the same
    /// order (their events travel on different streams and may be applied at once by two replicas) happen one after the
    /// other: the charge then finds the payment cancelled and asks the card processor for nothing, or the cancellation
    /// finds it captured and refunds it. Without the lock, the charge could take the money at the processor while the
    /// cancellation commits, and neither would ever give it back. On SQLite the handler's transaction already holds the
    /// database's write lock.
    /// </summary>
    public static async Task LockPaymentAsync(this PaymentDbContext db, string orderId, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM payments WHERE \"OrderId\" = {orderId} FOR UPDATE", cancellationToken);
        }
    }
}
