using Bazaar.BrowserTests.Infrastructure;
using Bazaar.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using Xunit;

namespace Bazaar.BrowserTests.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class PurchaseJourneyTests(BrowserShop shop)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_new_customer_finds_a_product_buys_it_and_sees_it_paid(bool phone)
    {
        await using var visit = await shop.VisitAsync(phone ? "purchase-journey-mobile" : "purchase-journey", phone);
        var page = visit.Page;
        var product = DemoProducts.Plentiful(phone ? 1 : 0);

        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Featured products" })).ToBeVisibleAsync();
        await visit.ScreenshotAsync("home");

        await page.GetByRole(AriaRole.Combobox, new() { Name = "Search products" }).FillAsync(product.Name);
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Search products" }).PressAsync("Enter");
        await page.WaitForURLAsync("**/catalog?q=*");
        await visit.ScreenshotAsync("catalog");
        await page.GetByRole(AriaRole.Link, new() { Name = product.Name, Exact = true }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = product.Name, Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("stock")).ToHaveTextAsync("In stock");

        await page.AddToCartAsync(2);
        await Assertions.Expect(page.CartCount()).ToHaveTextAsync("2");
        await visit.ScreenshotAsync("product");

        await page.GetByRole(AriaRole.Link, new() { Name = "View cart" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("cart-line")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("cart-line")).ToContainTextAsync(product.Name);
        await visit.ScreenshotAsync("cart");

        await page.GetByRole(AriaRole.Link, new() { Name = "Check out" }).ClickAsync();
        await page.RegisterFromSignInAsync(Storefront.NewAccount());
        // Registering signed the new customer in and brought the cart they filled as a visitor along.
        await Assertions.Expect(page.CartCount()).ToHaveTextAsync("2");
        await visit.ScreenshotAsync("checkout");

        await page.PlaceOrderAsync();
        await page.ExpectOrderStatusAsync("Paid, being prepared");
        await Assertions.Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync(product.Name);
    }
}
