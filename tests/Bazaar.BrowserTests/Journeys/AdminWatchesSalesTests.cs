using System.Net;
using Bazaar.BrowserTests.Infrastructure;
using Bazaar.BrowserTests.Pages;
using Bazaar.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using Xunit;

namespace Bazaar.BrowserTests.Journeys;

/// <summary>The admin's analytics dashboard on the shop's own analytics service, whose windows are seconds long in tests.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminWatchesSalesTests(BrowserShop shop)
{
    [Fact]
    public async Task An_order_placed_while_the_admin_watches_reaches_the_dashboard_live_and_is_there_after_a_reload()
    {
        await using var visit = await shop.VisitAsync("admin-watches-sales");
        var page = visit.Page;
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                problems.Add($"{message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        await page.SignInAsync(ShopUnderTest.AdminEmail, ShopUnderTest.AdminPassword);
        await page.GotoAsync("/admin/analytics");
        await Assertions.Expect(page.GetByTestId("live-status")).ToContainTextAsync("Live:");

        // Shipped to a region of this test's own, so other tests' orders in the same windows cannot be mistaken for it.
        var region = "Region " + Guid.NewGuid().ToString("N")[..10];
        var customer = await shop.Host.NewCustomerAsync("watched");
        await customer.Http.AddToCartAsync(DemoProducts.Plentiful(12).Id, 2);
        var checkout = await customer.Http.PostCheckoutAsync(new
        {
            shippingAddress = new { name = "Ada Lovelace", line1 = "1 Analytics Way", city = "Reykjavik", postalCode = "101", country = "IS", region },
            paymentMethod = new { type = "card", token = "tok_visa" },
        });
        Assert.Equal(HttpStatusCode.Accepted, checkout.StatusCode);

        var row = page.Locator("tbody[data-rows=regions] tr", new() { HasText = region });
        await Assertions.Expect(row).ToContainTextAsync("IS", new() { Timeout = 60_000 });
        Assert.Contains(await AnalyticsPage.PointsAsync(page, "orders"), orders => orders > 0);

        await page.ReloadAsync();
        await Assertions.Expect(row).ToContainTextAsync("IS");
        Assert.Contains(await AnalyticsPage.PointsAsync(page, "orders"), orders => orders > 0);
        Assert.NotEmpty(await AnalyticsPage.PointsAsync(page, "revenue"));
        Assert.NotEmpty(await AnalyticsPage.PointsAsync(page, "peak-hours"));
        Assert.Empty(problems);
    }
}
