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
public sealed class CatalogReadModel(ProductSearchIndex index, HybridCache cache)
{
    public static string CacheKey(string productId) => $"catalog:product:{productId}";

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
            new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(10), LocalCacheExpiration = TimeSpan.FromMinutes(5) },
            cancellationToken: cancellationToken);
}
