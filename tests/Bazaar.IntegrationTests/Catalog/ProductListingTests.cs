using System.Net;
using System.Text.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Catalog;

/// <summary>Runs on both shapes: <see cref="ProductListingTests"/> here, and again in the distributed tests.</summary>
public abstract class ProductListingScenarios(ShopUnderTest host)
{
    [Fact]
    public async Task The_shop_lists_at_least_150_products_in_at_least_8_categories_from_several_brands()
    {
        using var http = host.CreateClient();

        var listing = await http.SearchAsync("");
        var categories = await (await http.GetAsync("/api/categories")).JsonAsync();

        Assert.True(listing.GetProperty("totalCount").GetInt32() >= 150, $"Only {listing.GetProperty("totalCount")} products.");
        Assert.Equal(1, listing.GetProperty("page").GetInt32());
        Assert.Equal(20, listing.GetProperty("pageSize").GetInt32());
        Assert.Equal(20, listing.GetProperty("items").GetArrayLength());
        Assert.True(categories.GetArrayLength() >= 8, $"Only {categories.GetArrayLength()} categories.");
        Assert.All(categories.EnumerateArray(), c => Assert.True(c.GetProperty("productCount").GetInt32() > 0));
        var seededAudio = DemoProducts.All.Count(p => p.Category == "Audio");
        Assert.Equal(seededAudio, categories.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "Audio").GetProperty("productCount").GetInt32());
        Assert.True(listing.GetProperty("facets").GetProperty("brands").GetArrayLength() >= 10);

        var product = listing.GetProperty("items")[0];
        foreach (var field in new[] { "id", "sku", "name", "description", "category", "brand", "imageUrl", "createdAt", "updatedAt" })
        {
            Assert.True(product.TryGetProperty(field, out _), $"A listed product has no '{field}'.");
        }
        Assert.True(product.GetProperty("price").GetProperty("amount").GetDecimal() > 0);
        Assert.Equal("USD", product.GetProperty("price").GetProperty("currency").GetString());
    }

    [Fact]
    public async Task A_product_reads_by_its_id_and_an_unknown_id_is_not_found()
    {
        using var http = host.CreateClient();
        var seed = DemoProducts.All[17];

        var product = await http.GetProductAsync(seed.Id);

        Assert.Equal(seed.Sku, product.GetProperty("sku").GetString());
        Assert.Equal(seed.Name, product.GetProperty("name").GetString());
        Assert.Equal(seed.Category, product.GetProperty("category").GetString());
        Assert.Equal(seed.Brand, product.GetProperty("brand").GetString());
        await (await http.GetAsync($"/api/products/{Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Pages_walk_through_a_listing_without_gaps_or_repeats()
    {
        using var http = host.CreateClient();
        var books = DemoProducts.All.Where(p => p.Category == "Books").Select(p => p.Id).ToHashSet();

        var seen = new List<string>();
        for (var page = 1; page <= 4; page++)
        {
            var result = await http.SearchAsync($"category=Books&sort=price&pageSize=5&page={page}");
            Assert.Equal(page, result.GetProperty("page").GetInt32());
            Assert.Equal(5, result.GetProperty("pageSize").GetInt32());
            Assert.Equal(books.Count, result.GetProperty("totalCount").GetInt32());
            seen.AddRange(result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
        }

        Assert.Equal(books.Count, seen.Count);
        Assert.Equal(books.Order(), seen.Order());
        var beyond = await http.SearchAsync("category=Books&pageSize=5&page=9");
        Assert.Equal(0, beyond.GetProperty("items").GetArrayLength());
        Assert.Equal(books.Count, beyond.GetProperty("totalCount").GetInt32());
    }

    [Theory]
    [InlineData("pageSize=1000", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("sort=cheapest", "sort")]
    [InlineData("sort=price;drop", "sort")]
    [InlineData("minPrice=-1", "minPrice")]
    [InlineData("minPrice=50&maxPrice=10", "maxPrice")]
    public async Task A_listing_query_out_of_bounds_is_a_validation_problem(string query, string field)
    {
        using var http = host.CreateClient();

        await (await http.GetAsync($"/api/products?{query}")).ValidationProblemAsync(field);
    }

    [Theory]
    [InlineData("minPrice=cheap")]
    [InlineData("inStock=maybe")]
    [InlineData("page=two")]
    [InlineData("pageSize=99999999999")]
    public async Task A_listing_query_of_the_wrong_type_is_a_client_error(string query)
    {
        using var http = host.CreateClient();

        await (await http.GetAsync($"/api/products?{query}")).ClientErrorProblemAsync();
    }

    [Fact]
    public async Task The_page_size_is_capped_at_100()
    {
        using var http = host.CreateClient();

        var result = await http.SearchAsync("pageSize=100");

        Assert.Equal(100, result.GetProperty("items").GetArrayLength());
        Assert.Equal(100, result.GetProperty("pageSize").GetInt32());
    }

    [Fact]
    public async Task Sorting_by_price_either_way_by_name_and_by_newest_orders_the_whole_listing()
    {
        using var http = host.CreateClient();

        var byPrice = Prices(await http.SearchAsync("sort=price&pageSize=100"));
        var byPriceDown = Prices(await http.SearchAsync("sort=-price&pageSize=100"));
        var byName = (await http.SearchAsync("sort=name&pageSize=100")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToList();
        var newest = (await http.SearchAsync("sort=newest&pageSize=100")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("createdAt").GetDateTimeOffset()).ToList();

        Assert.Equal(byPrice.Order(), byPrice);
        Assert.Equal(byPriceDown.OrderDescending(), byPriceDown);
        Assert.NotEqual(byPrice[0], byPriceDown[0]);
        Assert.Equal(byName.Order(StringComparer.OrdinalIgnoreCase), byName);
        Assert.Equal(newest.OrderDescending(), newest);
    }

    private static List<decimal> Prices(JsonElement result) =>
        result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("price").GetProperty("amount").GetDecimal()).ToList();
}

[Collection(SharedHostCollection.Name)]
public sealed class ProductListingTests(BazaarHost host) : ProductListingScenarios(host);
