using Bazaar.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Xunit;

namespace Bazaar.BrowserTests.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class SearchTests(BrowserShop shop)
{
    [Fact]
    public async Task A_search_with_a_typo_finds_the_headphones_and_the_page_is_a_link_that_reproduces_it()
    {
        await using var visit = await shop.VisitAsync("search-typo");
        var page = visit.Page;

        await page.GotoAsync("/");
        var box = page.GetByRole(AriaRole.Combobox, new() { Name = "Search products" });
        await box.FillAsync("headphnoes");
        await box.PressAsync("Enter");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("headphnoes");
        await Assertions.Expect(page.Locator(".product-card h3").First).ToContainTextAsync("Headphones");

        // Narrowing by a facet and sorting go into the URL, so the link alone shows the same products.
        await page.Locator(".facets").GetByRole(AriaRole.Link).Filter(new() { HasText = "In stock only" }).ClickAsync();
        await page.WaitForURLAsync("**inStock=true**");
        await page.GetByLabel("Sort by").SelectOptionAsync("price");
        await page.WaitForURLAsync("**sort=price**");
        Assert.Contains("inStock=true", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByLabel("Sort by")).ToHaveValueAsync("price");
        var names = await page.Locator(".product-card h3").AllTextContentsAsync();
        Assert.NotEmpty(names);

        await using var other = await shop.VisitAsync("search-link");
        await other.Page.GotoAsync(page.Url);
        Assert.Equal(names, await other.Page.Locator(".product-card h3").AllTextContentsAsync());
    }

    [Fact]
    public async Task Typing_in_the_search_box_offers_suggestions()
    {
        await using var visit = await shop.VisitAsync("search-suggestions");
        var page = visit.Page;

        await page.GotoAsync("/catalog");
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Search products" }).PressSequentiallyAsync("head", new() { Delay = 50 });

        await Assertions.Expect(page.Locator("#site-search-suggestions option").First).ToHaveAttributeAsync("value", new System.Text.RegularExpressions.Regex("(?i)head"));
    }
}
