using Bazaar.Analytics;
using Bazaar.BuildingBlocks.Persistence;
using Bazaar.Cart;
using Bazaar.Catalog;
using Bazaar.Identity;
using Bazaar.Inventory;
using Bazaar.Notification;
using Bazaar.Ordering;
using Bazaar.Payment;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Bazaar.Invariants;

/// <summary>
/// Every service's database, opened from the same settings the shop runs with (<c>Bazaar:Database</c>,
/// <c>Bazaar:DataDirectory</c>, <c>ConnectionStrings</c>), so the checker reads what the services wrote.
/// </summary>
public sealed class ShopDatabases(IConfiguration configuration)
{
    public static ShopDatabases From(IEnumerable<KeyValuePair<string, string?>> settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    public IdentityDbContext Identity() => Open<IdentityDbContext>(static (o, t) => new(o, t));

    public CatalogDbContext Catalog() => Open<CatalogDbContext>(static (o, t) => new(o, t));

    public InventoryDbContext Inventory() => Open<InventoryDbContext>(static (o, t) => new(o, t));

    public CartDbContext Cart() => Open<CartDbContext>(static (o, t) => new(o, t));

    public OrderingDbContext Ordering() => Open<OrderingDbContext>(static (o, t) => new(o, t));

    public PaymentDbContext Payment() => Open<PaymentDbContext>(static (o, t) => new(o, t));

    public NotificationDbContext Notification() => Open<NotificationDbContext>(static (o, t) => new(o, t));

    public AnalyticsDbContext Analytics() => Open<AnalyticsDbContext>(static (o, t) => new(o, t));

    /// <summary>Each service's context, for what every service has: its outbox, inbox and dead letters.</summary>
    public IEnumerable<Func<ServiceDbContext>> All() => [Identity, Catalog, Inventory, Cart, Ordering, Payment, Notification, Analytics];

    private TContext Open<TContext>(Func<DbContextOptions<TContext>, TimeProvider, TContext> create) where TContext : ServiceDbContext
    {
        var (provider, connectionString) = PersistenceRegistration.ServiceDatabase(configuration, ServiceNames.Of<TContext>());
        var options = new DbContextOptionsBuilder<TContext>();
        options.UseServiceDatabase(provider, connectionString).UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
        return create(options.Options, TimeProvider.System);
    }
}
