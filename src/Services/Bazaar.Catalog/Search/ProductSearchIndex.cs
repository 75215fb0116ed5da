using System.Collections.Concurrent;
using System.Collections.Frozen;
using Bazaar.Contracts.Catalog;

namespace Bazaar.Catalog.Search;

/// <summary>
/// Catalog's read model for listing and search, held in memory: an inverted index over name, brand,
/// category and description with idf-weighted ranking, prefix and typo-tolerant matching, filters and
/// facets. Text changes rebuild an immutable snapshot (readers never lock); stock changes only flip a
/// product's availability.
/// </summary>
public sealed class ProductSearchIndex
{
    /// <summary>Where the price facet's ranges start and end; shared with <see cref="PostgresProductSearch"/>.</summary>
    internal static readonly decimal[] PriceBounds = [25m, 50m, 100m, 250m, 500m, 1000m];

    private readonly Lock _writeLock = new();
    private readonly ConcurrentDictionary<string, int> _available = new();
    private Dictionary<string, ProductDto> _products = [];
    private Snapshot _snapshot = Snapshot.Build([]);

    public int ProductCount => _snapshot.Docs.Length;

    public void Load(IEnumerable<(ProductDto Product, int Available)> products)
    {
        lock (_writeLock)
        {
            _products = [];
            foreach (var (product, available) in products)
            {
                _products[product.Id] = product;
                _available[product.Id] = available;
            }
            _snapshot = Snapshot.Build(_products.Values);
        }
    }

    public void Upsert(ProductDto product, int available)
    {
        lock (_writeLock)
        {
            var copy = new Dictionary<string, ProductDto>(_products) { [product.Id] = product };
            _available[product.Id] = available;
            _products = copy;
            _snapshot = Snapshot.Build(copy.Values);
        }
    }

    public void Remove(string productId)
    {
        lock (_writeLock)
        {
            var copy = new Dictionary<string, ProductDto>(_products);
            if (copy.Remove(productId))
            {
                _products = copy;
                _snapshot = Snapshot.Build(copy.Values);
            }
            _available.TryRemove(productId, out _);
        }
    }

    public void SetAvailable(string productId, int available) => _available[productId] = available;

    public ProductDto? Find(string productId) =>
        _products.TryGetValue(productId, out var product) ? WithStock(product) : null;

    public ProductSearchResult Search(SearchQuery query)
    {
        var snapshot = _snapshot;
        var scores = snapshot.Match(TextMatching.Tokenize(query.Q, dropStopWords: true));

        bool InStock(Doc d) => _available.TryGetValue(d.Product.Id, out var a) && a > 0;
        bool CategoryOk(Doc d) => query.Category is null || d.Product.Category.Equals(query.Category, StringComparison.OrdinalIgnoreCase);
        bool BrandOk(Doc d) => query.Brand is null || d.Product.Brand.Equals(query.Brand, StringComparison.OrdinalIgnoreCase);
        bool PriceOk(Doc d) => (query.MinPrice is null || d.Product.Price.Amount >= query.MinPrice) && (query.MaxPrice is null || d.Product.Price.Amount <= query.MaxPrice);
        bool StockOk(Doc d) => query.InStock is not true || InStock(d);

        var matched = scores is null
            ? snapshot.Docs.Select(d => (Doc: d, Score: 0f))
            : scores.Select(kv => (Doc: snapshot.Docs[kv.Key], Score: kv.Value));
        var candidates = matched.ToList();

        var hits = candidates.Where(c => CategoryOk(c.Doc) && BrandOk(c.Doc) && PriceOk(c.Doc) && StockOk(c.Doc)).ToList();
        // Each facet counts what the other filters allow, so picking a brand still shows the other brands.
        var facets = new Facets(
            Count(candidates.Where(c => BrandOk(c.Doc) && PriceOk(c.Doc) && StockOk(c.Doc)), d => d.Product.Category),
            Count(candidates.Where(c => CategoryOk(c.Doc) && PriceOk(c.Doc) && StockOk(c.Doc)), d => d.Product.Brand),
            PriceRanges(candidates.Where(c => CategoryOk(c.Doc) && BrandOk(c.Doc) && StockOk(c.Doc))),
            candidates.Count(c => CategoryOk(c.Doc) && BrandOk(c.Doc) && PriceOk(c.Doc) && InStock(c.Doc)));

        var sort = query.Sort == SortOrders.Relevance && scores is null ? "newest" : query.Sort;
        IEnumerable<(Doc Doc, float Score)> ordered = sort switch
        {
            "price" => hits.OrderBy(h => h.Doc.Product.Price.Amount).ThenBy(h => h.Doc.Product.Name, StringComparer.OrdinalIgnoreCase),
            "-price" => hits.OrderByDescending(h => h.Doc.Product.Price.Amount).ThenBy(h => h.Doc.Product.Name, StringComparer.OrdinalIgnoreCase),
            "name" => hits.OrderBy(h => h.Doc.Product.Name, StringComparer.OrdinalIgnoreCase).ThenBy(h => h.Doc.Product.Id, StringComparer.Ordinal),
            "newest" => hits.OrderByDescending(h => h.Doc.Product.CreatedAt).ThenBy(h => h.Doc.Product.Id, StringComparer.Ordinal),
            _ => hits.OrderByDescending(h => h.Score).ThenBy(h => h.Doc.Product.Name, StringComparer.OrdinalIgnoreCase),
        };
        var items = ordered.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).Select(h => WithStock(h.Doc.Product)).ToList();
        return new ProductSearchResult(items, query.Page, query.PageSize, hits.Count, facets);
    }

    /// <summary>Names of products matching a prefix of what a shopper has typed so far, best first.</summary>
    public IReadOnlyList<string> Suggest(string prefix, int limit)
    {
        var scores = _snapshot.Match(TextMatching.Tokenize(prefix, dropStopWords: true));
        return scores is null
            ? []
            : scores.OrderByDescending(kv => kv.Value).Take(limit).Select(kv => _snapshot.Docs[kv.Key].Product.Name).ToList();
    }

    private ProductDto WithStock(ProductDto product)
    {
        var inStock = _available.TryGetValue(product.Id, out var a) && a > 0;
        return product.InStock == inStock ? product : product with { InStock = inStock };
    }

    private static List<FacetValue> Count(IEnumerable<(Doc Doc, float Score)> docs, Func<Doc, string> key) =>
        docs.GroupBy(d => key(d.Doc), StringComparer.OrdinalIgnoreCase)
            .Select(g => new FacetValue(g.Key, g.Count()))
            .OrderByDescending(f => f.Count).ThenBy(f => f.Value, StringComparer.OrdinalIgnoreCase)
            .ToList();

    private static List<PriceRange> PriceRanges(IEnumerable<(Doc Doc, float Score)> docs)
    {
        var counts = new int[PriceBounds.Length + 1];
        foreach (var (doc, _) in docs)
        {
            var i = 0;
            while (i < PriceBounds.Length && doc.Product.Price.Amount >= PriceBounds[i])
            {
                i++;
            }
            counts[i]++;
        }
        return counts
            .Select((count, i) => new PriceRange(i == 0 ? 0 : PriceBounds[i - 1], i < PriceBounds.Length ? PriceBounds[i] : null, count))
            .Where(r => r.Count > 0)
            .ToList();
    }

    private sealed record Doc(ProductDto Product);

    private sealed class Snapshot
    {
        private const float NameWeight = 3f, SkuWeight = 3f, BrandWeight = 2f, CategoryWeight = 2f, DescriptionWeight = 1f;

        public required Doc[] Docs { get; init; }

        /// <summary>term → (document → best field weight).</summary>
        public required FrozenDictionary<string, Dictionary<int, float>> Postings { get; init; }

        public required string[] Vocabulary { get; init; }

        /// <summary>
        /// Query words seen before and the terms they expand to: expanding scans the whole vocabulary for typos, and
        /// shoppers repeat words. Bounded, and dropped with the snapshot when the catalog changes.
        /// </summary>
        private readonly ConcurrentDictionary<(string Word, bool AllowPrefix), (string Term, float Quality)[]> _expansions = new();

        private const int MaxCachedExpansions = 10_000;

        public static Snapshot Build(IEnumerable<ProductDto> products)
        {
            var docs = products.Select(p => new Doc(p)).ToArray();
            var postings = new Dictionary<string, Dictionary<int, float>>(StringComparer.Ordinal);
            for (var i = 0; i < docs.Length; i++)
            {
                var p = docs[i].Product;
                AddField(postings, i, p.Name, NameWeight);
                AddField(postings, i, p.Sku, SkuWeight);
                AddField(postings, i, p.Brand, BrandWeight);
                AddField(postings, i, p.Category, CategoryWeight);
                AddField(postings, i, p.Description, DescriptionWeight);
            }
            return new Snapshot
            {
                Docs = docs,
                Postings = postings.ToFrozenDictionary(StringComparer.Ordinal),
                Vocabulary = [.. postings.Keys],
            };
        }

        private static void AddField(Dictionary<string, Dictionary<int, float>> postings, int doc, string text, float weight)
        {
            foreach (var token in TextMatching.Tokenize(text))
            {
                if (!postings.TryGetValue(token, out var docs))
                {
                    postings[token] = docs = [];
                }
                docs[doc] = Math.Max(docs.GetValueOrDefault(doc), weight);
            }
        }

        /// <returns>null for an empty query (everything matches); otherwise the score of each document matching every word.</returns>
        public Dictionary<int, float>? Match(List<string> words)
        {
            if (words.Count == 0)
            {
                return null;
            }

            Dictionary<int, float>? result = null;
            for (var w = 0; w < words.Count; w++)
            {
                var word = words[w];
                var isLast = w == words.Count - 1;
                var wordScores = new Dictionary<int, float>();
                foreach (var (term, quality) in ExpandCached(word, allowPrefix: isLast || word.Length >= 4))
                {
                    var docs = Postings[term];
                    var idf = MathF.Log(1 + (Docs.Length - docs.Count + 0.5f) / (docs.Count + 0.5f));
                    foreach (var (doc, weight) in docs)
                    {
                        var score = idf * weight * quality;
                        if (score > wordScores.GetValueOrDefault(doc))
                        {
                            wordScores[doc] = score;
                        }
                    }
                }

                if (result is null)
                {
                    result = wordScores;
                }
                else
                {
                    var next = new Dictionary<int, float>(Math.Min(result.Count, wordScores.Count));
                    foreach (var (doc, score) in result)
                    {
                        if (wordScores.TryGetValue(doc, out var more))
                        {
                            next[doc] = score + more;
                        }
                    }
                    result = next;
                }
                if (result.Count == 0)
                {
                    break;
                }
            }
            return result;
        }

        private (string Term, float Quality)[] ExpandCached(string word, bool allowPrefix) =>
            _expansions.TryGetValue((word, allowPrefix), out var known) ? known
            : _expansions.Count < MaxCachedExpansions ? _expansions.GetOrAdd((word, allowPrefix), key => [.. Expand(key.Word, key.AllowPrefix)])
            : [.. Expand(word, allowPrefix)];

        /// <summary>Index terms a query word stands for, with how good a match each is.</summary>
        private IEnumerable<(string Term, float Quality)> Expand(string word, bool allowPrefix)
        {
            var budget = TextMatching.TypoBudget(word.Length);
            foreach (var term in Vocabulary)
            {
                if (term.Length == word.Length && term == word)
                {
                    yield return (term, 1f);
                }
                else if (allowPrefix && word.Length >= 2 && term.Length > word.Length && term.StartsWith(word, StringComparison.Ordinal))
                {
                    yield return (term, 0.8f);
                }
                else if (budget > 0 && Math.Abs(term.Length - word.Length) <= budget)
                {
                    var distance = TextMatching.Distance(word, term, budget);
                    if (distance <= budget)
                    {
                        yield return (term, 0.6f / distance);
                    }
                }
            }
        }
    }
}
