using System.Text.Json;
using Bazaar.BuildingBlocks.Persistence;
using Bazaar.Inventory.Reservations;
using Bazaar.Inventory.Stock;
using Bazaar.Notification.Notifications;
using Bazaar.Ordering.Orders;
using Microsoft.EntityFrameworkCore;
using PaymentRecord = Bazaar.Payment.Payments.Payment;

namespace Bazaar.Invariants;

/// <summary>Everything the rules look at, read from every service's database (and the broker, when there is one).</summary>
public sealed record ShopSnapshot(
    DateTimeOffset TakenAt,
    IReadOnlyList<Order> Orders,
    IReadOnlyList<StockItem> Stock,
    IReadOnlyList<Reservation> Reservations,
    IReadOnlyList<PaymentRecord> Payments,
    IReadOnlyList<NotificationRow> Notifications,
    IReadOnlyList<ServiceMessages> Services,
    IReadOnlyDictionary<string, IReadOnlySet<string>>? EventsInBroker)
{
    /// <summary>The services whose events are about one order, and so carry its id.</summary>
    private static readonly string[] OrderEventServices = ["ordering", "inventory", "payment"];

    public static async Task<ShopSnapshot> ReadAsync(ShopDatabases databases, string? natsUrl, CancellationToken cancellationToken)
    {
        var takenAt = DateTimeOffset.UtcNow;
        // Orders before the events: an order and its OrderPlaced commit together, so every order read has its event
        // in the outbox read after it. What else moves meanwhile shows as a passing inconsistency, which a settled
        // check looks past.
        List<Order> orders;
        await using (var db = databases.Ordering())
        {
            orders = await db.Orders.Include(o => o.Lines).AsSplitQuery().ToListAsync(cancellationToken);
        }
        var services = new List<ServiceMessages>();
        foreach (var open in databases.All())
        {
            await using var db = open();
            services.Add(await ReadMessagesAsync(db, cancellationToken));
        }
        List<StockItem> stock;
        List<Reservation> reservations;
        await using (var db = databases.Inventory())
        {
            stock = await db.Stock.ToListAsync(cancellationToken);
            reservations = await db.Reservations.Include(r => r.Lines).AsSplitQuery().ToListAsync(cancellationToken);
        }
        List<PaymentRecord> payments;
        await using (var db = databases.Payment())
        {
            payments = await db.Payments.Include(p => p.Refunds).AsSplitQuery().ToListAsync(cancellationToken);
        }
        List<NotificationRow> notifications;
        await using (var db = databases.Notification())
        {
            notifications = await db.Notifications
                .Select(n => new NotificationRow(n.Id, n.EventId, n.Template, n.Status, n.Attempts, n.LastError))
                .ToListAsync(cancellationToken);
        }

        var inBroker = natsUrl is null ? null : await BrokerEvents.ReadAsync(natsUrl, services.Select(s => s.Service), cancellationToken);
        return new ShopSnapshot(takenAt, orders, stock, reservations, payments, notifications, services, inBroker);
    }

    private static async Task<ServiceMessages> ReadMessagesAsync(ServiceDbContext db, CancellationToken cancellationToken)
    {
        var service = ServiceNames.Of(db.GetType());
        var aboutOrders = OrderEventServices.Contains(service);
        var outbox = await db.Outbox
            .Select(m => new { m.EventId, m.Type, m.CreatedAt, m.PublishedAt, m.Attempts, m.LastError, Envelope = aboutOrders ? m.Envelope : null })
            .ToListAsync(cancellationToken);
        var duplicates = await db.Inbox
            .GroupBy(m => new { m.EventId, m.Handler })
            .Where(g => g.Count() > 1)
            .Select(g => new InboxDuplicate(g.Key.EventId, g.Key.Handler, g.Count()))
            .ToListAsync(cancellationToken);
        var deadLetters = await db.DeadLetters
            .Where(d => d.ReplayedAt == null)
            .Select(d => new DeadLetterRow(d.EventId, d.Type, d.Handler, d.Error, d.Attempts))
            .ToListAsync(cancellationToken);
        return new ServiceMessages(
            service,
            [.. outbox.Select(m => new OutboxRow(service, m.EventId, m.Type, m.CreatedAt, m.PublishedAt, m.Attempts, m.LastError, OrderIdOf(m.Envelope)))],
            await db.Inbox.LongCountAsync(cancellationToken),
            duplicates,
            deadLetters);
    }

    private static string? OrderIdOf(string? envelope)
    {
        if (envelope is null)
        {
            return null;
        }
        using var json = JsonDocument.Parse(envelope);
        return json.RootElement.TryGetProperty("data", out var data)
            && data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty("orderId", out var orderId)
            && orderId.ValueKind == JsonValueKind.String
            ? orderId.GetString()
            : null;
    }
}

public sealed record OutboxRow(
    string Service, string EventId, string Type, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, int Attempts, string? LastError, string? OrderId);

public sealed record ServiceMessages(
    string Service, IReadOnlyList<OutboxRow> Outbox, long InboxCount, IReadOnlyList<InboxDuplicate> InboxDuplicates, IReadOnlyList<DeadLetterRow> DeadLetters);

public sealed record InboxDuplicate(string EventId, string Handler, int Count);

public sealed record DeadLetterRow(string EventId, string Type, string Handler, string Error, int Attempts);

public sealed record NotificationRow(string Id, string? EventId, string Template, NotificationStatus Status, int Attempts, string? LastError);
