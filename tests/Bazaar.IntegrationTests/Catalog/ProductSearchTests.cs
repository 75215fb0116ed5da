using System.Text.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Catalog;

/// <summary>Runs on both shapes: <see cref="ProductSearchTests"/> here, and again in the distributed tests.</summary>
public abstract class ProductSearchScenarios(ShopUnderTest host)
{
    [Fact]
    public async Task A_search_with_a_typo_still_finds_the_headphones()
    {
        using var http = host.CreateClient();
        var headphones = DemoProducts.All.Where(p => p.Name.Contains("Headphones", StringComparison.Ordinal)).Select(p => p.Id).ToList();

        var result = await http.SearchAsync("q=headphnoes&pageSize=100");

        var items = Items(result);
        Assert.Contains("Headphones", items[0].GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.All(headphones, id => Assert.Contains(id, Ids(result)));
        Assert.All(items.Take(headphones.Count), i => Assert.Contains("Headphones", i.GetProperty("name").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_search_for_a_brand_name_finds_that_brands_products()
    {
        using var http = host.CreateClient();
        var bassline = DemoProducts.All.Where(p => p.Brand == "Bassline").Select(p => p.Id).ToList();

        var result = await http.SearchAsync("q=bassline&pageSize=100");

        Assert.Equal(bassline.Order(), Ids(result).Order());
        Assert.All(Items(result), i => Assert.Equal("Bassline", i.GetProperty("brand").GetString()));
    }

    [Fact]
    public async Task A_search_for_a_category_word_ranks_that_categorys_products_first()
    {
        using var http = host.CreateClient();
        var books = DemoProducts.All.Where(p => p.Category == "Books").Select(p => p.Id).ToHashSet();

        var result = await http.SearchAsync("q=books&pageSize=100");

        Assert.Equal(books.Order(), Ids(result).Take(books.Count).Order());
    }

    [Fact]
    public async Task A_search_for_words_nobody_sells_finds_nothing()
    {
        using var http = host.CreateClient();

        var result = await http.SearchAsync("q=" + MoreShop.UniqueWord("zq"));

        Assert.Equal(0, result.GetProperty("totalCount").GetInt32());
        Assert.Empty(Items(result));
    }

    [Fact]
    public async Task Filters_by_category_brand_price_and_stock_keep_only_matching_products()
    {
        using var http = host.CreateClient();

        var audio = await http.SearchAsync("category=audio&pageSize=100");
        Assert.Equal(DemoProducts.All.Count(p => p.Category == "Audio"), audio.GetProperty("totalCount").GetInt32());
        Assert.All(Items(audio), i => Assert.Equal("Audio", i.GetProperty("category").GetString()));

        var sonora = await http.SearchAsync("brand=Sonora&pageSize=100");
        Assert.Equal(DemoProducts.All.Count(p => p.Brand == "Sonora"), sonora.GetProperty("totalCount").GetInt32());
        Assert.All(Items(sonora), i => Assert.Equal("Sonora", i.GetProperty("brand").GetString()));

        var midRange = await http.SearchAsync("minPrice=50&maxPrice=100&pageSize=100");
        Assert.NotEmpty(Items(midRange));
        Assert.All(Items(midRange), i => Assert.InRange(i.GetProperty("price").GetProperty("amount").GetDecimal(), 50m, 100m));
        Assert.True(midRange.GetProperty("totalCount").GetInt32() >= DemoProducts.All.Count(p => p.Price is >= 50m and <= 100m));

        var inStock = await http.SearchAsync("inStock=true&pageSize=100");
        Assert.NotEmpty(Items(inStock));
        Assert.All(Items(inStock), i => Assert.True(i.GetProperty("inStock").GetBoolean()));

        var combined = await http.SearchAsync("q=speaker&category=Audio&brand=Tempo&maxPrice=100");
        Assert.NotEmpty(Items(combined));
        Assert.All(Items(combined), i =>
        {
            Assert.Equal("Tempo", i.GetProperty("brand").GetString());
            Assert.Contains("Speaker", i.GetProperty("name").GetString(), StringComparison.Ordinal);
            Assert.True(i.GetProperty("price").GetProperty("amount").GetDecimal() <= 100m);
        });
    }

    [Fact]
    public async Task Facet_counts_match_what_filtering_by_each_value_finds()
    {
        using var http = host.CreateClient();
        var seededCategories = DemoProducts.All.Select(p => p.Category).ToHashSet();
        var seededBrands = DemoProducts.All.Select(p => p.Brand).ToHashSet();

        var all = await http.SearchAsync("pageSize=1");
        var facets = all.GetProperty("facets");
        var total = all.GetProperty("totalCount").GetInt32();

        var categories = facets.GetProperty("categories").EnumerateArray().ToList();
        Assert.Superset(seededCategories, categories.Select(f => f.GetProperty("value").GetString()!).ToHashSet());
        foreach (var facet in categories.Where(f => seededCategories.Contains(f.GetProperty("value").GetString()!)))
        {
            var filtered = await http.SearchAsync($"pageSize=1&category={Uri.EscapeDataString(facet.GetProperty("value").GetString()!)}");
            Assert.Equal(facet.GetProperty("count").GetInt32(), filtered.GetProperty("totalCount").GetInt32());
        }
        foreach (var facet in facets.GetProperty("brands").EnumerateArray().Where(f => seededBrands.Contains(f.GetProperty("value").GetString()!)).Take(12))
        {
            var filtered = await http.SearchAsync($"pageSize=1&brand={Uri.EscapeDataString(facet.GetProperty("value").GetString()!)}");
            Assert.Equal(facet.GetProperty("count").GetInt32(), filtered.GetProperty("totalCount").GetInt32());
        }
        Assert.Equal(total, facets.GetProperty("categories").EnumerateArray().Sum(f => f.GetProperty("count").GetInt32()));
        Assert.Equal(total, facets.GetProperty("prices").EnumerateArray().Sum(f => f.GetProperty("count").GetInt32()));
        var cheap = facets.GetProperty("prices")[0];
        var cheapFiltered = await http.SearchAsync($"pageSize=1&minPrice={cheap.GetProperty("min").GetDecimal()}&maxPrice={cheap.GetProperty("max").GetDecimal() - 0.01m}");
        Assert.Equal(cheap.GetProperty("count").GetInt32(), cheapFiltered.GetProperty("totalCount").GetInt32());

        // Stock moves with other shoppers' orders, so compare a facet and a filter read close together.
        await Eventually.TrueAsync(async () =>
        {
            var facet = (await http.SearchAsync("pageSize=1")).GetProperty("facets").GetProperty("inStock").GetInt32();
            var filtered = (await http.SearchAsync("pageSize=1&inStock=true")).GetProperty("totalCount").GetInt32();
            return facet == filtered;
        }, "the in-stock facet to match the in-stock filter");
    }

    [Fact]
    public async Task A_facet_under_a_filter_still_counts_the_other_values_of_that_facet()
    {
        using var http = host.CreateClient();

        var result = await http.SearchAsync("category=Audio&pageSize=1");

        var categories = result.GetProperty("facets").GetProperty("categories").EnumerateArray().Select(f => f.GetProperty("value").GetString()).ToList();
        Assert.Contains("Books", categories);
        var brands = result.GetProperty("facets").GetProperty("brands").EnumerateArray().ToList();
        Assert.Equal(result.GetProperty("totalCount").GetInt32(), brands.Sum(b => b.GetProperty("count").GetInt32()));
        Assert.All(brands, b => Assert.Contains(b.GetProperty("value").GetString(), new[] { "Sonora", "Bassline", "Auralis", "Tempo" }));
    }

    private static List<JsonElement> Items(JsonElement result) => [.. result.GetProperty("items").EnumerateArray()];

    private static List<string> Ids(JsonElement result) => Items(result).Select(i => i.GetProperty("id").GetString()!).ToList();
}

[Collection(SharedHostCollection.Name)]
public sealed class ProductSearchTests(BazaarHost host) : ProductSearchScenarios(host);
