using Microsoft.EntityFrameworkCore;

namespace Bazaar.Catalog.Products;

/// <summary>Resolves category and brand names to their rows, creating a row the first time a name is used.</summary>
public static class CatalogNames
{
    public static async Task<Category> CategoryAsync(CatalogDbContext db, string name, CancellationToken cancellationToken)
    {
        var normalized = name.Trim().ToUpperInvariant();
        return db.Categories.Local.FirstOrDefault(c => c.NormalizedName == normalized)
            ?? await db.Categories.FirstOrDefaultAsync(c => c.NormalizedName == normalized, cancellationToken)
            ?? db.Categories.Add(new Category { Name = name.Trim(), NormalizedName = normalized }).Entity;
    }

    public static async Task<Brand> BrandAsync(CatalogDbContext db, string name, CancellationToken cancellationToken)
    {
        var normalized = name.Trim().ToUpperInvariant();
        return db.Brands.Local.FirstOrDefault(c => c.NormalizedName == normalized)
            ?? await db.Brands.FirstOrDefaultAsync(c => c.NormalizedName == normalized, cancellationToken)
            ?? db.Brands.Add(new Brand { Name = name.Trim(), NormalizedName = normalized }).Entity;
    }
}
