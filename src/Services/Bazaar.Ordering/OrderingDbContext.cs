using Bazaar.BuildingBlocks.Persistence;
using Bazaar.Ordering.Checkout;
using Bazaar.Ordering.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Bazaar.Ordering;

public sealed class OrderingDbContext(DbContextOptions<OrderingDbContext> options, TimeProvider time) : ServiceDbContext(options, time)
{
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Order>(b =>
        {
            b.ToTable("orders");
            b.HasKey(o => o.Id);
            b.Property(o => o.Id).HasMaxLength(36);
            b.Property(o => o.UserId).HasMaxLength(36);
            b.Property(o => o.CustomerEmail).HasMaxLength(254);
            b.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
            b.Property(o => o.CancellationReason).HasMaxLength(100);
            b.Property(o => o.Total).HasPrecision(18, 2);
            b.Property(o => o.Currency).HasMaxLength(3);
            b.Property(o => o.Version).IsConcurrencyToken();
            b.OwnsOne(o => o.ShippingAddress, a =>
            {
                a.Property(x => x.Name).HasMaxLength(100);
                a.Property(x => x.Line1).HasMaxLength(200);
                a.Property(x => x.City).HasMaxLength(100);
                a.Property(x => x.PostalCode).HasMaxLength(20);
                a.Property(x => x.Country).HasMaxLength(2);
                a.Property(x => x.Region).HasMaxLength(100);
            });
            b.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
            b.HasIndex(o => new { o.UserId, o.CreatedAt });
            b.HasIndex(o => new { o.Status, o.DeadlineAt });
            b.HasIndex(o => o.CreatedAt);
        });
        modelBuilder.Entity<OrderLine>(b =>
        {
            b.ToTable("order_lines");
            b.Property(l => l.ProductId).HasMaxLength(36);
            b.Property(l => l.Name).HasMaxLength(200);
            b.Property(l => l.UnitPrice).HasPrecision(18, 2);
        });
        modelBuilder.Entity<IdempotencyRecord>(b =>
        {
            b.ToTable("idempotency_records");
            b.HasKey(r => new { r.UserId, r.Key });
            b.Property(r => r.UserId).HasMaxLength(36);
            b.Property(r => r.Key).HasMaxLength(100);
            b.Property(r => r.RequestHash).HasMaxLength(64);
            b.HasIndex(r => r.CreatedAt);
        });
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without starting the server (<c>-- --provider postgres</c> for the PostgreSQL migrations).</summary>
public sealed class OrderingDbContextFactory : IDesignTimeDbContextFactory<OrderingDbContext>
{
    public OrderingDbContext CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<OrderingDbContext>(args), TimeProvider.System);
}
