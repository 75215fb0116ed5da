using Bazaar.BrowserTests.Infrastructure;
using Bazaar.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using Xunit;

namespace Bazaar.BrowserTests.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class CartMergeTests(BrowserShop shop)
{
    [Fact]
    public async Task What_a_visitor_put_in_the_cart_is_still_there_after_they_sign_in_next_to_what_they_had_before()
    {
        var customer = await shop.Host.NewCustomerAsync();
        var earlier = DemoProducts.Plentiful(4);
        await customer.Http.AddToCartAsync(earlier.Id, 1);

        await using var visit = await shop.VisitAsync("cart-merge");
        var page = visit.Page;
        var anonymous = DemoProducts.Plentiful(5);
        await page.OpenProductAsync(anonymous.Id);
        await page.AddToCartAsync(3);
        await Assertions.Expect(page.CartCount()).ToHaveTextAsync("3");

        await page.SignInAsync(customer.Email, customer.Password);

        await Assertions.Expect(page.CartCount()).ToHaveTextAsync("4");
        await page.GotoAsync("/cart");
        await Assertions.Expect(page.GetByTestId("cart-line")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("cart-line").Filter(new() { HasText = anonymous.Name }).GetByRole(AriaRole.Spinbutton)).ToHaveValueAsync("3");
    }

    [Fact]
    public async Task The_cart_page_changes_a_quantity_and_removes_a_line()
    {
        await using var visit = await shop.VisitAsync("cart-edit");
        var page = visit.Page;
        var product = DemoProducts.Plentiful(6);
        await page.OpenProductAsync(product.Id);
        await page.AddToCartAsync(1);
        await page.GotoAsync("/cart");

        var line = page.GetByTestId("cart-line");
        await line.GetByRole(AriaRole.Spinbutton).FillAsync("4");
        await line.GetByRole(AriaRole.Button, new() { Name = "Update" }).ClickAsync();
        await Assertions.Expect(page.CartCount()).ToHaveTextAsync("4");

        await page.GetByTestId("cart-line").GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Your cart is empty.")).ToBeVisibleAsync();
        await Assertions.Expect(page.CartCount()).ToHaveTextAsync("0");
    }
}
