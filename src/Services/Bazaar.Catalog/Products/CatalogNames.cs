using Microsoft.EntityFrameworkCore;

namespace Bazaar.Catalog.Products;

/// <summary>
/// Resolves category and brand names to their rows, creating a row the first time a name is used. A new
/// name is saved on its own straight away, so two requests introducing it at once both end up with the
/// one row (the loser of the unique index reads the winner's). Call before changing anything else.
/// </summary>
public static class CatalogNames
{
    public static Task<Category> CategoryAsync(CatalogDbContext db, string name, CancellationToken cancellationToken) =>
        ResolveAsync(db, db.Categories, name, cancellationToken);

    public static Task<Brand> BrandAsync(CatalogDbContext db, string name, CancellationToken cancellationToken) =>
        ResolveAsync(db, db.Brands, name, cancellationToken);

    private static async Task<T> ResolveAsync<T>(CatalogDbContext db, DbSet<T> names, string name, CancellationToken cancellationToken)
        where T : CatalogName, new()
    {
        var normalized = name.Trim().ToUpperInvariant();
        var existing = names.Local.FirstOrDefault(c => c.NormalizedName == normalized)
            ?? await names.FirstOrDefaultAsync(c => c.NormalizedName == normalized, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var created = names.Add(new T { Name = name.Trim(), NormalizedName = normalized }).Entity;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return created;
        }
        catch (DbUpdateException)
        {
            db.Entry(created).State = EntityState.Detached;
            return await names.FirstAsync(c => c.NormalizedName == normalized, cancellationToken);
        }
    }
}
