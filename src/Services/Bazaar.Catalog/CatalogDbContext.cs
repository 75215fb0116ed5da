using Bazaar.BuildingBlocks.Persistence;
using Bazaar.Catalog.Products;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Bazaar.Catalog;

public sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options, TimeProvider time) : ServiceDbContext(options, time)
{
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Brand> Brands => Set<Brand>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Product>(b =>
        {
            b.ToTable("products");
            b.HasKey(p => p.Id);
            b.Property(p => p.Id).HasMaxLength(36);
            b.Property(p => p.Sku).HasMaxLength(32);
            b.Property(p => p.Name).HasMaxLength(200);
            b.Property(p => p.Description).HasMaxLength(4000);
            b.Property(p => p.Price).HasPrecision(18, 2);
            b.Property(p => p.Currency).HasMaxLength(3);
            b.Property(p => p.ImageUrl).HasMaxLength(500);
            b.HasIndex(p => p.Sku).IsUnique();
            b.HasOne(p => p.Category).WithMany().HasForeignKey(p => p.CategoryId);
            b.HasOne(p => p.Brand).WithMany().HasForeignKey(p => p.BrandId);
        });
        modelBuilder.Entity<Category>(b =>
        {
            b.ToTable("categories");
            b.Property(c => c.Name).HasMaxLength(100);
            b.Property(c => c.NormalizedName).HasMaxLength(100);
            b.HasIndex(c => c.NormalizedName).IsUnique();
        });
        modelBuilder.Entity<Brand>(b =>
        {
            b.ToTable("brands");
            b.Property(c => c.Name).HasMaxLength(100);
            b.Property(c => c.NormalizedName).HasMaxLength(100);
            b.HasIndex(c => c.NormalizedName).IsUnique();
        });
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without starting the server (<c>-- --provider postgres</c> for the PostgreSQL migrations).</summary>
public sealed class CatalogDbContextFactory : IDesignTimeDbContextFactory<CatalogDbContext>
{
    public CatalogDbContext CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<CatalogDbContext>(args), TimeProvider.System);
}
