using Bazaar.Catalog.Search;
using Bazaar.Contracts;
using Bazaar.Contracts.Catalog;
using Xunit;

namespace Bazaar.UnitTests.Catalog;

public sealed class ProductSearchIndexTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ProductDto Product(string id, string name, decimal price, string category, string brand, string description = "", int hour = 0) =>
        new(id, "SKU-" + id, name, description, new Money(price, "USD"), category, brand, "", false, Epoch.AddHours(hour), Epoch, MaxPerCustomer: null);

    private static ProductSearchIndex Index()
    {
        var index = new ProductSearchIndex();
        index.Load([
            (Product("1", "Sonora Wireless Headphones", 129m, "Audio", "Sonora", "noise cancelling", 1), 10),
            (Product("2", "Tempo Earbuds", 79m, "Audio", "Tempo", "true wireless earbuds", 2), 0),
            (Product("3", "Quanta Mechanical Keyboard", 99m, "Computers", "Quanta", "tactile switches", 3), 5),
            (Product("4", "Quanta Wireless Mouse", 39m, "Computers", "Quanta", "silent click", 4), 5),
        ]);
        return index;
    }

    private static SearchQuery Query(string? q = null, string? category = null, string? brand = null, decimal? min = null, decimal? max = null, bool? inStock = null, string sort = "relevance") =>
        new(q, category, brand, min, max, inStock, sort, 1, 20);

    [Fact]
    public void A_misspelled_word_finds_the_product()
    {
        var result = Index().Search(Query("headphnoes"));
        Assert.Equal(["1"], result.Items.Select(p => p.Id));
    }

    [Fact]
    public void A_name_match_ranks_above_a_description_match()
    {
        var result = Index().Search(Query("wireless"));
        Assert.Equal(3, result.TotalCount);
        Assert.NotEqual("2", result.Items[0].Id);
        Assert.Equal("2", result.Items[^1].Id);
    }

    [Fact]
    public void Every_word_must_match()
    {
        Assert.Equal(["4"], Index().Search(Query("wireless quanta")).Items.Select(p => p.Id));
        Assert.Empty(Index().Search(Query("wireless blender")).Items);
    }

    [Fact]
    public void The_last_word_matches_as_a_prefix_while_typing() =>
        Assert.Equal(["3"], Index().Search(Query("mechan")).Items.Select(p => p.Id));

    [Fact]
    public void Filters_combine_and_facets_ignore_their_own_filter()
    {
        var result = Index().Search(Query(brand: "quanta", max: 50m));
        Assert.Equal(["4"], result.Items.Select(p => p.Id));
        // The brand facet counts other brands under the price filter, so the shopper can switch brand.
        Assert.Contains(result.Facets.Brands, f => f.Value == "Quanta" && f.Count == 1);
        Assert.Contains(result.Facets.Categories, f => f.Value == "Computers" && f.Count == 1);
        Assert.Equal(1, result.Facets.InStock);
    }

    [Fact]
    public void In_stock_follows_inventory_updates()
    {
        var index = Index();
        Assert.Equal(3, index.Search(Query(inStock: true)).TotalCount);
        index.SetAvailable("1", 0);
        Assert.Equal(2, index.Search(Query(inStock: true)).TotalCount);
        Assert.False(index.Find("1")!.InStock);
    }

    [Fact]
    public void Sorts_by_price_both_ways_and_by_newest()
    {
        var index = Index();
        Assert.Equal(["4", "2", "3", "1"], index.Search(Query(sort: "price")).Items.Select(p => p.Id));
        Assert.Equal(["1", "3", "2", "4"], index.Search(Query(sort: "-price")).Items.Select(p => p.Id));
        Assert.Equal(["4", "3", "2", "1"], index.Search(Query(sort: "newest")).Items.Select(p => p.Id));
    }

    [Fact]
    public void Removed_products_leave_the_index()
    {
        var index = Index();
        index.Remove("3");
        Assert.Null(index.Find("3"));
        Assert.Empty(index.Search(Query("keyboard")).Items);
    }
}
