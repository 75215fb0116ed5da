using Bazaar.Catalog.Search;
using Bazaar.Contracts.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;

namespace Bazaar.Catalog.Products;

/// <summary>
/// Keeps what catalog serves reads from (the search index and the product cache) in step with the
/// database. Called after this process's own writes and by the handlers of catalog's own events, so
/// other catalog processes catch up too.
/// </summary>
public sealed class CatalogReadModel(ProductSearchIndex index, HybridCache cache, HybridCacheEntryOptions entryOptions)
{
    public static string CacheKey(string productId) => $"catalog:product:{productId}";

    /// <summary>
    /// Removing a product's entry clears this process's copy and the shared one in Redis, but not the copies other
    /// catalog processes hold in memory; with a shared cache those live only seconds, which bounds how long another
    /// replica can serve a product as it was before a change.
    /// </summary>
    public static HybridCacheEntryOptions EntryOptions(bool sharedCache) => new()
    {
        Expiration = TimeSpan.FromMinutes(10),
        LocalCacheExpiration = sharedCache ? TimeSpan.FromSeconds(5) : TimeSpan.FromMinutes(5),
    };

    public async Task RefreshAsync(CatalogDbContext db, string productId, CancellationToken cancellationToken)
    {
        var product = await db.Products.AsNoTracking().Include(p => p.Category).Include(p => p.Brand)
            .FirstOrDefaultAsync(p => p.Id == productId, cancellationToken);
        if (product is null)
        {
            index.Remove(productId);
        }
        else
        {
            index.Upsert(product.ToDto(), product.Available);
        }
        await cache.RemoveAsync(CacheKey(productId), cancellationToken);
    }

    public async Task LoadAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        var products = await db.Products.AsNoTracking().Include(p => p.Category).Include(p => p.Brand).ToListAsync(cancellationToken);
        index.Load(products.Select(p => (p.ToDto(), p.Available)));
    }

    public ValueTask<ProductDto?> GetAsync(CatalogDbContext db, string productId, CancellationToken cancellationToken) =>
        cache.GetOrCreateAsync(
            CacheKey(productId),
            (db, productId),
            static async (state, ct) =>
            {
                var product = await state.db.Products.AsNoTracking().Include(p => p.Category).Include(p => p.Brand)
                    .FirstOrDefaultAsync(p => p.Id == state.productId, ct);
                return product?.ToDto();
            },
            entryOptions,
            cancellationToken: cancellationToken);
}
