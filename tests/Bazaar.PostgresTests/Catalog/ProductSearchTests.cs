using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Bazaar.PostgresTests.Infrastructure;
using Xunit;

namespace Bazaar.PostgresTests.Catalog;

/// <summary>Search answered by PostgreSQL (tsvector, websearch_to_tsquery, pg_trgm), not the in-memory index.</summary>
public sealed class ProductSearchTests(PostgresShop shop) : IClassFixture<PostgresShop>
{
    [Fact]
    public async Task A_search_with_a_typo_finds_every_headphone_first()
    {
        using var http = shop.Host.CreateClient();
        var headphones = DemoProducts.All.Where(p => p.Name.Contains("Headphones", StringComparison.Ordinal)).Select(p => p.Id).ToHashSet();

        var result = await http.SearchAsync("q=headphnoes&pageSize=100");
        var swapped = await http.SearchAsync("q=mirrorless+cmaera");

        Assert.Equal(headphones.Order(), Ids(result).Take(headphones.Count).Order());
        Assert.All(Items(swapped), i => Assert.Contains("Mirrorless Camera", i.GetProperty("name").GetString(), StringComparison.Ordinal));
        Assert.Equal(4, swapped.GetProperty("totalCount").GetInt32());
    }

    [Theory]
    [InlineData("the")]
    [InlineData("\"\"")]
    [InlineData("it's")]
    [InlineData("C:\\temp\\x")]
    [InlineData("a:* & !b | (c")]
    [InlineData("'; DROP TABLE products; --")]
    [InlineData("-")]
    [InlineData("héadphones")]
    public async Task Any_text_a_shopper_types_gets_an_answer(string q)
    {
        using var http = shop.Host.CreateClient();

        var result = await http.SearchAsync("q=" + Uri.EscapeDataString(q));

        Assert.True(result.GetProperty("totalCount").GetInt32() >= 0);
        Assert.True(await http.ProductCountAsync() >= DemoProducts.All.Count);
    }

    [Fact]
    public async Task A_word_in_the_name_ranks_above_the_same_word_in_a_description()
    {
        using var http = shop.Host.CreateClient();
        var earbuds = DemoProducts.All.Where(p => p.Name.Contains("Earbuds", StringComparison.Ordinal)).Select(p => p.Id).ToHashSet();
        var chargers = DemoProducts.All.Where(p => p.Name.Contains("Wireless Charger", StringComparison.Ordinal)).Select(p => p.Id).ToHashSet();

        var result = await http.SearchAsync("q=earbuds&sort=relevance&pageSize=100");

        // The chargers mention earbuds only in their description.
        Assert.Equal(earbuds.Order(), Ids(result).Take(earbuds.Count).Order());
        Assert.Equal(chargers.Order(), Ids(result).Skip(earbuds.Count).Order());
    }

    [Fact]
    public async Task Web_search_syntax_excludes_a_word_and_prefixes_match_as_you_type()
    {
        using var http = shop.Host.CreateClient();

        var withoutPro = await http.SearchAsync("q=" + Uri.EscapeDataString("headphones -pro") + "&pageSize=100");
        var typed = await http.SearchAsync("q=headph&pageSize=100");

        Assert.Equal(DemoProducts.All.Where(p => p.Name.Contains("Headphones", StringComparison.Ordinal) && !p.Name.EndsWith(" Pro", StringComparison.Ordinal)).Select(p => p.Id).Order(),
            Ids(withoutPro).Order());
        Assert.All(Items(typed).Take(4), i => Assert.Contains("Headphones", i.GetProperty("name").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Suggestions_complete_what_a_shopper_has_typed()
    {
        using var http = shop.Host.CreateClient();

        var names = await (await http.GetAsync("/api/products/suggestions?q=headph")).JsonAsync();

        Assert.Equal(4, names.GetArrayLength());
        Assert.All(names.EnumerateArray(), n => Assert.Contains("Headphones", n.GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Facet_counts_agree_with_filtering_by_each_value_and_ignore_their_own_filter()
    {
        using var http = shop.Host.CreateClient();

        var all = await http.SearchAsync("q=wireless&pageSize=1");
        var total = all.GetProperty("totalCount").GetInt32();
        var facets = all.GetProperty("facets");
        Assert.True(total > 4);

        var categories = facets.GetProperty("categories").EnumerateArray().ToList();
        Assert.True(categories.Count > 1);
        Assert.Equal(total, categories.Sum(f => f.GetProperty("count").GetInt32()));
        foreach (var facet in categories)
        {
            var filtered = await http.SearchAsync($"q=wireless&pageSize=100&category={Uri.EscapeDataString(facet.GetProperty("value").GetString()!)}");
            Assert.Equal(facet.GetProperty("count").GetInt32(), filtered.GetProperty("totalCount").GetInt32());
            Assert.All(Items(filtered), i => Assert.Equal(facet.GetProperty("value").GetString(), i.GetProperty("category").GetString()));
        }
        foreach (var facet in facets.GetProperty("brands").EnumerateArray())
        {
            var filtered = await http.SearchAsync($"q=wireless&pageSize=1&brand={Uri.EscapeDataString(facet.GetProperty("value").GetString()!)}");
            Assert.Equal(facet.GetProperty("count").GetInt32(), filtered.GetProperty("totalCount").GetInt32());
        }
        Assert.Equal(total, facets.GetProperty("prices").EnumerateArray().Sum(f => f.GetProperty("count").GetInt32()));
        foreach (var range in facets.GetProperty("prices").EnumerateArray())
        {
            var max = range.GetProperty("max").ValueKind == JsonValueKind.Null ? "" : $"&maxPrice={range.GetProperty("max").GetDecimal() - 0.01m}";
            var filtered = await http.SearchAsync($"q=wireless&pageSize=1&minPrice={range.GetProperty("min").GetDecimal()}{max}");
            Assert.Equal(range.GetProperty("count").GetInt32(), filtered.GetProperty("totalCount").GetInt32());
        }
        var inStock = await http.SearchAsync("q=wireless&pageSize=100&inStock=true");
        Assert.Equal(facets.GetProperty("inStock").GetInt32(), inStock.GetProperty("totalCount").GetInt32());
        Assert.All(Items(inStock), i => Assert.True(i.GetProperty("inStock").GetBoolean()));

        var audio = await http.SearchAsync("q=wireless&category=Audio&brand=Sonora&maxPrice=150&pageSize=100");
        Assert.NotEmpty(Items(audio));
        Assert.All(Items(audio), i =>
        {
            Assert.Equal("Audio", i.GetProperty("category").GetString());
            Assert.Equal("Sonora", i.GetProperty("brand").GetString());
            Assert.True(i.GetProperty("price").GetProperty("amount").GetDecimal() <= 150m);
        });
        // Under a category filter the category facet still offers the other categories.
        var audioCategories = (await http.SearchAsync("q=wireless&category=audio&pageSize=1")).GetProperty("facets").GetProperty("categories");
        Assert.Equal(categories.Count, audioCategories.GetArrayLength());
    }

    [Fact]
    public async Task Every_sort_order_orders_the_results()
    {
        using var http = shop.Host.CreateClient();

        var byPrice = Items(await http.SearchAsync("category=Books&sort=price&pageSize=100"));
        var byPriceDown = Items(await http.SearchAsync("category=Books&sort=-price&pageSize=100"));
        var byName = Items(await http.SearchAsync("category=Books&sort=name&pageSize=100"));
        var newest = Items(await http.SearchAsync("category=Books&sort=newest&pageSize=100"));

        Assert.Equal(16, byPrice.Count);
        Assert.True(IsOrdered(byPrice.Select(Price).ToList()));
        Assert.True(IsOrdered(byPriceDown.Select(Price).Reverse().ToList()));
        Assert.True(IsOrdered(byName.Select(i => i.GetProperty("name").GetString()!.ToUpperInvariant()).ToList()));
        Assert.True(IsOrdered(newest.Select(i => i.GetProperty("createdAt").GetDateTimeOffset()).Reverse().ToList()));
    }

    [Fact]
    public async Task Pages_follow_each_other_without_gaps_or_repeats()
    {
        using var http = shop.Host.CreateClient();
        var everything = Ids(await http.SearchAsync("category=Audio&sort=price&pageSize=100"));

        var paged = new List<string>();
        for (var page = 1; page <= 4; page++)
        {
            var result = await http.SearchAsync($"category=Audio&sort=price&pageSize=5&page={page}");
            Assert.Equal(16, result.GetProperty("totalCount").GetInt32());
            Assert.Equal(page, result.GetProperty("page").GetInt32());
            paged.AddRange(Ids(result));
        }
        var beyond = await http.SearchAsync("category=Audio&sort=price&pageSize=5&page=9");

        Assert.Equal(everything, paged);
        Assert.Empty(Items(beyond));
        Assert.Equal(16, beyond.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task A_product_an_admin_creates_or_renames_is_found_at_once()
    {
        using var admin = await shop.Host.AdminAsync();
        var word = MoreShop.UniqueWord("zebra");
        var body = MoreShop.ProductBody(name: $"Striped {word} Lamp");
        var created = await admin.CreateProductAsync(body);
        var id = created.GetProperty("id").GetString()!;

        var byName = await admin.SearchAsync($"q={word}");
        var byBrand = await admin.SearchAsync($"q={body["brand"]}");
        Assert.Equal([id], Ids(byName));
        Assert.Equal([id], Ids(byBrand));

        var renamed = MoreShop.UniqueWord("okapi");
        body["name"] = $"Striped {renamed} Lamp";
        (await admin.PutAsJsonAsync($"/api/products/{id}", body)).EnsureSuccessStatusCode();

        Assert.Equal([id], Ids(await admin.SearchAsync($"q={renamed}")));
        Assert.Empty(Items(await admin.SearchAsync($"q={word}")));
    }

    private static decimal Price(JsonElement item) => item.GetProperty("price").GetProperty("amount").GetDecimal();

    private static bool IsOrdered<T>(List<T> values) where T : IComparable<T> =>
        values.Zip(values.Skip(1)).All(pair => pair.First.CompareTo(pair.Second) <= 0);

    private static List<JsonElement> Items(JsonElement result) => [.. result.GetProperty("items").EnumerateArray()];

    private static List<string> Ids(JsonElement result) => Items(result).Select(i => i.GetProperty("id").GetString()!).ToList();
}
