using Bazaar.Catalog.Search;
using Bazaar.Contracts.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;

namespace Bazaar.Catalog.Products;

/// <summary>Which reads catalog answers from this process's memory.</summary>
/// <param name="Search">In memory on SQLite, which cannot match misspellings (docs/decisions.md).</param>
/// <param name="Products">
/// In memory when this is the one process on its database (SQLite without a shared cache): every event reaches it and
/// its index is current, stock included, so product reads need not touch the database.
/// </param>
public sealed record CatalogReadsInMemory(bool Search, bool Products);

/// <summary>
/// Keeps what catalog serves reads from (the search index and the product cache) in step with the
/// database. Called after this process's own writes and by the handlers of catalog's own events, so
/// other catalog processes catch up too.
/// </summary>
public sealed class CatalogReadModel(ProductSearchIndex index, HybridCache cache, HybridCacheEntryOptions entryOptions, CatalogReadsInMemory inMemory)
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

    /// <summary>
    /// Search results on PostgreSQL, remembered for a moment in this process only: the same listing asked again
    /// within <see cref="SearchEntries"/>' lifetime is served from memory. This process's own product changes and
    /// stock crossing zero clear them at once; another replica's change shows here within that lifetime.
    /// </summary>
    public async Task<ProductSearchResult> SearchAsync(CatalogDbContext db, SearchQuery query, CancellationToken cancellationToken)
    {
        if (inMemory.Search)
        {
            return index.Search(query);
        }
        var key = $"catalog:search:{query.Q}|{query.Category}|{query.Brand}|{query.MinPrice}|{query.MaxPrice}|{query.InStock}|{query.Sort}|{query.Page}|{query.PageSize}";
        return await cache.GetOrCreateAsync(
            key,
            (db, query),
            static async (state, ct) => await PostgresProductSearch.SearchAsync(state.db, state.query, ct),
            SearchEntries,
            [SearchTag],
            cancellationToken);
    }

    /// <summary>Names of products matching what a shopper has typed so far, best first.</summary>
    public async Task<IReadOnlyList<string>> SuggestAsync(CatalogDbContext db, string prefix, int limit, CancellationToken cancellationToken) =>
        inMemory.Search ? index.Suggest(prefix, limit) : await PostgresProductSearch.SuggestAsync(db, prefix, limit, cancellationToken);

    private const string SearchTag = "catalog:search";

    private static readonly HybridCacheEntryOptions SearchEntries = new()
    {
        Expiration = TimeSpan.FromSeconds(2),
        LocalCacheExpiration = TimeSpan.FromSeconds(2),
        Flags = HybridCacheEntryFlags.DisableDistributedCache,
    };

    /// <summary>Forgets remembered search results, after a change that shows in them.</summary>
    public ValueTask ForgetSearchesAsync(CancellationToken cancellationToken) => cache.RemoveByTagAsync(SearchTag, cancellationToken);

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
        await ForgetSearchesAsync(cancellationToken);
    }

    public async Task LoadAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        var products = await db.Products.AsNoTracking().Include(p => p.Category).Include(p => p.Brand).ToListAsync(cancellationToken);
        index.Load(products.Select(p => (p.ToDto(), p.Available)));
    }

    /// <summary>A product as shoppers see it now, its in-stock flag current; null when there is no such product.</summary>
    public async ValueTask<ProductDto?> GetCurrentAsync(CatalogDbContext db, string productId, CancellationToken cancellationToken)
    {
        if (inMemory.Products)
        {
            return index.Find(productId);
        }
        var product = await GetAsync(db, productId, cancellationToken);
        if (product is null)
        {
            return null;
        }
        // Stock moves with every checkout and its event reaches only one catalog replica, so the flag is read from the
        // database (one primary-key lookup) rather than from the cached copy or this process's index. The rest comes
        // from the cache, which (shared through Redis) another catalog process's change also clears.
        var available = await AvailableUnits(db, productId);
        // Null: deleted since the copy was cached (possibly by another replica).
        return available is { } units ? product with { InStock = units > 0 } : null;
    }

    private static readonly Func<CatalogDbContext, string, Task<int?>> AvailableUnits = EF.CompileAsyncQuery(
        (CatalogDbContext db, string productId) => db.Products.Where(p => p.Id == productId).Select(p => (int?)p.Available).FirstOrDefault());

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
