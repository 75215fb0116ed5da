using Bazaar.BrowserTests.Infrastructure;
using Bazaar.IntegrationTests.Infrastructure;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit;

namespace Bazaar.BrowserTests.Pages;

/// <summary>axe-core, run inside each page (bundled with Deque's package, no CDN), finds no critical or serious violation.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserShop shop)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_storefront_pages_have_no_critical_or_serious_accessibility_violations(bool phone)
    {
        await using var visit = await shop.VisitAsync(phone ? "accessibility-mobile" : "accessibility", phone);
        var page = visit.Page;
        var product = DemoProducts.Plentiful(8);
        var problems = new List<string>();

        foreach (var path in new[] { "/", "/catalog?q=headphones", $"/product/{product.Id}", "/account/login", "/account/register", "/account/forgot-password" })
        {
            await page.GotoAsync(path);
            problems.AddRange(await ViolationsAsync(page, path));
        }
        await page.OpenProductAsync(product.Id);
        await page.AddToCartAsync(1);
        await page.GotoAsync("/cart");
        problems.AddRange(await ViolationsAsync(page, "/cart"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Check out" }).ClickAsync();
        await page.RegisterFromSignInAsync(Storefront.NewAccount());
        problems.AddRange(await ViolationsAsync(page, "/checkout"));
        await page.PlaceOrderAsync();
        await page.ExpectOrderStatusAsync("Paid, being prepared");
        problems.AddRange(await ViolationsAsync(page, "/orders/{id}"));
        foreach (var path in new[] { "/account", "/account/orders" })
        {
            await page.GotoAsync(path);
            problems.AddRange(await ViolationsAsync(page, path));
        }

        Assert.Empty(problems);
    }

    [Fact]
    public async Task The_admin_pages_have_no_critical_or_serious_accessibility_violations()
    {
        await using var visit = await shop.VisitAsync("accessibility-admin");
        var page = visit.Page;
        await page.SignInAsync(ShopUnderTest.AdminEmail, ShopUnderTest.AdminPassword);
        var problems = new List<string>();

        foreach (var path in new[] { "/admin", "/admin/products", "/admin/products/new", $"/admin/products/{DemoProducts.First}", "/admin/inventory", "/admin/orders", "/admin/customers", "/admin/notifications", "/admin/dead-letters", "/admin/analytics" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(200, response!.Status);
            problems.AddRange(await ViolationsAsync(page, path));
        }

        Assert.Empty(problems);
    }

    private static async Task<IEnumerable<string>> ViolationsAsync(IPage page, string path)
    {
        var result = await page.RunAxe();
        return result.Violations
            .Where(v => v.Impact is "critical" or "serious")
            .Select(v => $"{path}: {v.Id} ({v.Impact}) {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}");
    }
}
