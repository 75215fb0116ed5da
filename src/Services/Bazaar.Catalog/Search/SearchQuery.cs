using System.ComponentModel;
using Bazaar.BuildingBlocks.Hosting;
using Bazaar.Contracts.Catalog;

namespace Bazaar.Catalog.Search;

public sealed record SearchQuery(
    string? Q, string? Category, string? Brand, decimal? MinPrice, decimal? MaxPrice, bool? InStock,
    string Sort, int Page, int PageSize);

public sealed record FacetValue(string Value, int Count);

public sealed record PriceRange(decimal Min, decimal? Max, int Count);

public sealed record Facets(IReadOnlyList<FacetValue> Categories, IReadOnlyList<FacetValue> Brands, IReadOnlyList<PriceRange> Prices, int InStock);

/// <remarks>Immutable, so a cached result is handed out as it is rather than copied per read.</remarks>
[ImmutableObject(true)]
public sealed record ProductSearchResult(IReadOnlyList<ProductDto> Items, int Page, int PageSize, int TotalCount, Facets Facets)
    : Paged<ProductDto>(Items, Page, PageSize, TotalCount);

public static class SortOrders
{
    public const string Relevance = "relevance";
    public static readonly string[] All = [Relevance, "price", "-price", "name", "newest"];
}
