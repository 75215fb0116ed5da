using Bazaar.BrowserTests.Infrastructure;
using Bazaar.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using Xunit;

namespace Bazaar.BrowserTests.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class AdminShipsOrderTests(BrowserShop shop)
{
    [Fact]
    public async Task The_admin_ships_an_order_and_the_customer_sees_it_shipped()
    {
        await using var customerVisit = await shop.VisitAsync("customer-sees-shipped");
        var customerPage = customerVisit.Page;
        await customerPage.StartCheckoutAsNewCustomerAsync(DemoProducts.Plentiful(7).Id);
        var orderId = await customerPage.PlaceOrderAsync();
        await customerPage.ExpectOrderStatusAsync("Paid, being prepared");

        await using var adminVisit = await shop.VisitAsync("admin-orders");
        var adminPage = adminVisit.Page;
        await adminPage.SignInAsync(ShopUnderTest.AdminEmail, ShopUnderTest.AdminPassword);
        await adminPage.GotoAsync("/admin/orders?status=processing");
        await adminPage.GetByRole(AriaRole.Link, new() { Name = orderId }).ClickAsync();
        await adminPage.GetByTestId("set-status-shipped").ClickAsync();
        await Assertions.Expect(adminPage.GetByText("shipped", new() { Exact = false }).First).ToBeVisibleAsync();
        await adminPage.GotoAsync("/admin/orders");

        await customerPage.ReloadAsync();
        await customerPage.ExpectOrderStatusAsync("Shipped");
    }

    [Fact]
    public async Task A_customer_cannot_open_the_admin_area()
    {
        var customer = await shop.Host.NewCustomerAsync();
        await using var visit = await shop.VisitAsync("admin-forbidden");
        await visit.Page.SignInAsync(customer.Email, customer.Password);

        var response = await visit.Page.GotoAsync("/admin/orders");

        Assert.Equal(403, response!.Status);
        await Assertions.Expect(visit.Page.GetByRole(AriaRole.Link, new() { Name = "Admin" })).ToHaveCountAsync(0);
    }
}
