using Bazaar.BrowserTests.Infrastructure;
using Bazaar.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using Xunit;

namespace Bazaar.BrowserTests.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class DeclinedCardTests(BrowserShop shop)
{
    [Fact]
    public async Task A_declined_card_cancels_the_order_says_why_and_keeps_the_cart_for_another_try()
    {
        await using var visit = await shop.VisitAsync("declined-card");
        var page = visit.Page;
        var product = DemoProducts.Plentiful(2);

        await page.StartCheckoutAsNewCustomerAsync(product.Id);

        await page.PlaceOrderAsync("Visa 4000 0000 0000 0002 (declined)");

        await page.ExpectOrderStatusAsync("Cancelled");
        await Assertions.Expect(page.GetByTestId("cancellation-reason")).ToContainTextAsync("Your card was declined.");
        await Assertions.Expect(page.GetByTestId("cancellation-reason")).ToContainTextAsync("Try another card");
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to your cart" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("cart-line")).ToContainTextAsync(product.Name);
    }

    [Fact]
    public async Task A_checkout_with_a_missing_address_field_says_so_next_to_the_field_and_places_nothing()
    {
        await using var visit = await shop.VisitAsync("checkout-validation");
        var page = visit.Page;

        await page.StartCheckoutAsNewCustomerAsync(DemoProducts.Plentiful(3).Id);
        await page.GetByLabel("Full name").FillAsync("Ada Lovelace");
        await page.GetByLabel("Country code (e.g. US, DE)").FillAsync("G1");
        await page.GetByTestId("place-order").ClickAsync();

        await Assertions.Expect(page.GetByText("Enter the city.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Enter a two-letter country code such as US.")).ToBeVisibleAsync();
        Assert.EndsWith("/checkout", page.Url, StringComparison.Ordinal);
        await page.GotoAsync("/account/orders");
        await Assertions.Expect(page.GetByText("You have no orders yet.")).ToBeVisibleAsync();
    }
}
