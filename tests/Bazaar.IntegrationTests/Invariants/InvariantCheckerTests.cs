using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Payment;
using Bazaar.IntegrationTests.Infrastructure;
using Bazaar.Invariants;
using Bazaar.Notification.Notifications;
using Bazaar.Ordering.Orders;
using Microsoft.EntityFrameworkCore;
using Xunit;
using NotificationRecord = Bazaar.Notification.Notifications.Notification;
using PaymentStatus = Bazaar.Payment.Payments.PaymentStatus;

namespace Bazaar.IntegrationTests.Invariants;

/// <summary>
/// The invariant checker on the embedded shop: silent about a shop that kept its promises, and loud about each broken
/// one planted straight into the services' databases.
/// </summary>
public sealed class InvariantCheckerTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_shop_with_an_order_ending_each_way_passes_every_check()
    {
        var shop = BazaarHost.With([]);
        await shop.InitializeAsync();
        try
        {
            await EveryOutcome.PlaceAsync(shop);

            var report = await Checker(shop).CheckSettledAsync(Settle);

            Assert.True(report.IsClean, report.ToString());
            Assert.Equal(5, report.Checked["orders"]);
            Assert.Equal(3, report.Checked["cancelled orders"]);
            Assert.Equal(1, report.Checked["cancelled orders' refunds"]);
            Assert.Equal(2, report.Checked["paid orders' payments"]);
            // Confirmed three times (one later cancelled), cancelled three times, shipped, delivered.
            Assert.Equal(8, report.Checked["customer notifications"]);
            Assert.True(report.Checked["outbox events"] > 20, report.ToString());
        }
        finally
        {
            await shop.DisposeAsync();
        }
    }

    [Fact]
    public async Task Each_broken_promise_planted_in_the_databases_is_reported()
    {
        var shop = BazaarHost.With([]);
        await shop.InitializeAsync();
        try
        {
            var orders = await EveryOutcome.PlaceAsync(shop);
            var checker = Checker(shop);
            Assert.True((await checker.CheckSettledAsync(Settle)).IsClean);
            await shop.StopAsync();

            var databases = Databases(shop);
            var productId = await PlantAsync(databases, orders);
            var report = await checker.CheckAsync();

            AssertReported(report, v => v.StartsWith($"product {productId} has 1 reserved but its active reservations hold 0", StringComparison.Ordinal));
            AssertReported(report, v => v.Contains($"order {orders.Processing} has 0 captured payments", StringComparison.Ordinal));
            AssertReported(report, v => v.Contains($"cancelled order {orders.CancelledAfterPayment} was charged", StringComparison.Ordinal));
            AssertReported(report, v => v.StartsWith($"order {orders.Declined} is still pending", StringComparison.Ordinal));
            AssertReported(report, v => v.StartsWith("ordering: bazaar.ordering.order-placed", StringComparison.Ordinal) && v.Contains("was never published", StringComparison.Ordinal));
            AssertReported(report, v => v.Contains($"order {orders.Delivered} has 2 PaymentSucceeded events", StringComparison.Ordinal));
            AssertReported(report, v => v.Contains("gave 2 notifications", StringComparison.Ordinal));
            AssertReported(report, v => v.StartsWith("payment: RefundWhenOrderCancelled gave up on", StringComparison.Ordinal));
        }
        finally
        {
            await shop.DisposeAsync();
        }
    }

    /// <summary>One broken promise of each kind, written the way a bug would leave it; returns the product whose stock was broken.</summary>
    private static async Task<string> PlantAsync(ShopDatabases databases, EveryOutcome.Orders orders)
    {
        string productId;
        await using (var db = databases.Ordering())
        {
            productId = (await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == orders.Processing)).Lines[0].ProductId;
            // Declined, yet pending again long past its deadline: as if the cancellation had never happened.
            await db.Orders.Where(o => o.Id == orders.Declined).ExecuteUpdateAsync(s => s
                .SetProperty(o => o.Status, OrderStatus.Pending)
                .SetProperty(o => o.DeadlineAt, DateTimeOffset.UtcNow.AddHours(-1)));
            await db.Outbox.Where(m => m.Type == EventTypeName.For(typeof(Contracts.Ordering.OrderPlaced)))
                .OrderBy(m => m.Id).Take(1)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.PublishedAt, (DateTimeOffset?)null));
        }
        await using (var db = databases.Inventory())
        {
            // The declined order's stock released, then held again by nothing.
            await db.Stock.Where(s => s.ProductId == productId).ExecuteUpdateAsync(s => s.SetProperty(i => i.Reserved, i => i.Reserved + 1));
        }
        await using (var db = databases.Payment())
        {
            await db.Payments.Where(p => p.OrderId == orders.Processing).ExecuteUpdateAsync(s => s.SetProperty(p => p.CaptureId, (string?)null));
            var refunded = await db.Payments.Include(p => p.Refunds).SingleAsync(p => p.OrderId == orders.CancelledAfterPayment);
            db.Refunds.RemoveRange(refunded.Refunds);
            await db.Payments.Where(p => p.Id == refunded.Id).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Status, PaymentStatus.Captured)
                .SetProperty(p => p.RefundedAmount, 0m));
            db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.TrackAll;
            var succeeded = await db.Payments.SingleAsync(p => p.OrderId == orders.Delivered);
            db.Publish(new PaymentSucceeded(succeeded.Id, succeeded.OrderId, succeeded.UserId, succeeded.Amount, succeeded.Currency));
            db.DeadLetters.Add(new DeadLetter
            {
                EventId = Guid.NewGuid().ToString(),
                Type = EventTypeName.For(typeof(Contracts.Ordering.OrderCancelled)),
                Handler = "RefundWhenOrderCancelled",
                Envelope = "{}",
                Error = "planted",
                Attempts = 4,
                FailedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
            await db.Outbox.Where(m => m.PublishedAt == null).ExecuteUpdateAsync(s => s.SetProperty(m => m.PublishedAt, DateTimeOffset.UtcNow));
        }
        await using (var db = databases.Notification())
        {
            var sent = await db.Notifications.FirstAsync(n => n.Template == "order-shipped");
            db.Notifications.Add(new NotificationRecord
            {
                EventId = sent.EventId,
                Template = "custom",
                Recipient = sent.Recipient,
                Subject = sent.Subject,
                Body = sent.Body,
                Status = NotificationStatus.Sent,
                CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        return productId;
    }

    private static void AssertReported(InvariantReport report, Func<string, bool> violation) =>
        Assert.True(report.Violations.Any(violation), report.ToString());

    private static ShopDatabases Databases(BazaarHost shop) =>
        ShopDatabases.From([new("Bazaar:DataDirectory", shop.DataDirectory)]);

    private static InvariantChecker Checker(BazaarHost shop) => new(Databases(shop));
}
