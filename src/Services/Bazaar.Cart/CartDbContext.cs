using Bazaar.BuildingBlocks.Persistence;
using Bazaar.Cart.Carts;
using Bazaar.Cart.Products;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Bazaar.Cart;

public sealed class CartDbContext(DbContextOptions<CartDbContext> options, TimeProvider time) : ServiceDbContext(options, time)
{
    public DbSet<ShoppingCart> Carts => Set<ShoppingCart>();
    public DbSet<CatalogProduct> Products => Set<CatalogProduct>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<ShoppingCart>(b =>
        {
            b.ToTable("carts");
            b.HasKey(c => c.Id);
            b.Property(c => c.Id).HasMaxLength(32);
            b.Property(c => c.UserId).HasMaxLength(36);
            b.Property(c => c.Version).IsConcurrencyToken();
            b.HasIndex(c => c.UserId).IsUnique();
            b.HasIndex(c => c.UpdatedAt);
            b.HasMany(c => c.Items).WithOne().HasForeignKey(i => i.CartId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<CartItem>(b =>
        {
            b.ToTable("cart_items");
            b.Property(i => i.ProductId).HasMaxLength(36);
            b.HasIndex(i => new { i.CartId, i.ProductId }).IsUnique();
        });
        modelBuilder.Entity<CatalogProduct>(b =>
        {
            b.ToTable("catalog_products");
            b.HasKey(p => p.ProductId);
            b.Property(p => p.ProductId).HasMaxLength(36);
            b.Property(p => p.Price).HasPrecision(18, 2);
        });
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without starting the server (<c>-- --provider postgres</c> for the PostgreSQL migrations).</summary>
public sealed class CartDbContextFactory : IDesignTimeDbContextFactory<CartDbContext>
{
    public CartDbContext CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<CartDbContext>(args), TimeProvider.System);
}
