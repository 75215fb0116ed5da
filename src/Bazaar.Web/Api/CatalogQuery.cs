using System.Globalization;
using System.Text;

namespace Bazaar.Web.Api;

/// <summary>A catalog page as its URL says it: search words, facets, sort and page. A link reproduces the page.</summary>
public sealed record CatalogQuery(
    string? Q = null, string? Category = null, string? Brand = null, decimal? MinPrice = null, decimal? MaxPrice = null,
    bool InStock = false, string? Sort = null, int Page = 1)
{
    public const int PageSize = 12;

    public static IReadOnlyList<(string Value, string Label)> Sorts { get; } =
        [("relevance", "Best match"), ("price", "Price: low to high"), ("-price", "Price: high to low"), ("name", "Name"), ("newest", "Newest")];

    /// <summary>The query string of the API's listing for this page.</summary>
    public string ToQueryString() => Build(includeSize: true);

    /// <summary>The storefront's own link to this page.</summary>
    public string ToUrl() => "/catalog" + Build(includeSize: false);

    private string Build(bool includeSize)
    {
        var query = new StringBuilder();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
            }
        }
        Add("q", Q);
        Add("category", Category);
        Add("brand", Brand);
        Add("minPrice", MinPrice?.ToString(CultureInfo.InvariantCulture));
        Add("maxPrice", MaxPrice?.ToString(CultureInfo.InvariantCulture));
        Add("inStock", InStock ? "true" : null);
        Add("sort", Sort is null or "relevance" ? null : Sort);
        Add("page", Page > 1 ? Page.ToString(CultureInfo.InvariantCulture) : null);
        if (includeSize)
        {
            Add("pageSize", PageSize.ToString(CultureInfo.InvariantCulture));
        }
        return query.ToString();
    }
}
