using System.Net.Http.Json;
using Bazaar.BrowserTests.Infrastructure;
using Bazaar.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using Xunit;

namespace Bazaar.BrowserTests.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class SoldOutTests(BrowserShop shop)
{
    [Fact]
    public async Task An_item_that_sold_out_before_checkout_cancels_the_order_says_so_and_the_product_page_stops_selling_it()
    {
        await using var visit = await shop.VisitAsync("sold-out");
        var page = visit.Page;
        var product = DemoProducts.Plentiful(10);
        await page.StartCheckoutAsNewCustomerAsync(product.Id);

        // The last units go elsewhere while the customer fills in the checkout form.
        using var admin = await shop.Host.AdminAsync();
        (await admin.PutAsJsonAsync($"/api/inventory/{product.Id}", new { available = 0 })).EnsureSuccessStatusCode();
        await page.PlaceOrderAsync();

        await page.ExpectOrderStatusAsync("Cancelled");
        await Assertions.Expect(page.GetByTestId("cancellation-reason")).ToContainTextAsync("An item sold out");
        await Assertions.Expect(page.GetByTestId("cancellation-reason")).ToContainTextAsync("Lower the quantity or remove the item");
        await page.GotoAsync($"/product/{product.Id}");
        await Assertions.Expect(page.GetByTestId("stock")).ToHaveTextAsync("Sold out", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" })).ToHaveCountAsync(0);
    }
}
