using Bazaar.BuildingBlocks.Persistence;
using Bazaar.Inventory.Reservations;
using Bazaar.Inventory.Stock;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Bazaar.Inventory;

public sealed class InventoryDbContext(DbContextOptions<InventoryDbContext> options, TimeProvider time) : ServiceDbContext(options, time)
{
    public DbSet<StockItem> Stock => Set<StockItem>();
    public DbSet<Reservation> Reservations => Set<Reservation>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<StockItem>(b =>
        {
            b.ToTable("stock_items", t =>
            {
                t.HasCheckConstraint("ck_stock_available_not_negative", "\"Available\" >= 0");
                t.HasCheckConstraint("ck_stock_reserved_not_negative", "\"Reserved\" >= 0");
            });
            b.HasKey(s => s.ProductId);
            b.Property(s => s.ProductId).HasMaxLength(36);
        });
        modelBuilder.Entity<Reservation>(b =>
        {
            b.ToTable("reservations");
            b.HasKey(r => r.OrderId);
            b.Property(r => r.OrderId).HasMaxLength(36);
            b.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            b.HasIndex(r => new { r.Status, r.ExpiresAt });
            b.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.OrderId);
        });
        modelBuilder.Entity<ReservationLine>(b =>
        {
            b.ToTable("reservation_lines");
            b.Property(l => l.ProductId).HasMaxLength(36);
        });
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without starting the server (<c>-- --provider postgres</c> for the PostgreSQL migrations).</summary>
public sealed class InventoryDbContextFactory : IDesignTimeDbContextFactory<InventoryDbContext>
{
    public InventoryDbContext CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<InventoryDbContext>(args), TimeProvider.System);
}
