using System.Net;
using System.Net.Http.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Ordering;

/// <summary>A customer's orders are theirs alone: others can neither see nor touch them.</summary>
public abstract class OrderAuthorizationScenarios(ShopUnderTest host)
{
    [Fact]
    public async Task A_customer_cannot_read_list_cancel_or_move_another_customers_order()
    {
        var productId = await host.NewProductAsync(stock: 10);
        var owner = await host.NewCustomerAsync("owner");
        var snoop = await host.NewCustomerAsync("snoop");
        var orderId = await owner.Http.CheckoutAsync(items: TestCatalog.Items(productId, 1));
        await owner.Http.WaitForOrderStatusAsync(orderId, "processing");

        await (await snoop.Http.GetAsync($"/api/orders/{orderId}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await snoop.Http.GetAsync($"/api/orders/user/{owner.Id}")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await snoop.Http.DeleteAsync($"/api/orders/{orderId}")).ProblemAsync(HttpStatusCode.NotFound);
        var patch = await snoop.Http.PatchAsJsonAsync($"/api/orders/{orderId}/status", new { status = "shipped" });
        Assert.Equal(HttpStatusCode.Forbidden, patch.StatusCode);
        await (await snoop.Http.GetAsync($"/api/payments/order/{orderId}")).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("processing", (await owner.Http.GetOrderAsync(orderId)).Status());
        await owner.Http.WaitForPaymentStatusAsync(orderId, "captured");
        await owner.Http.WaitForStockAsync(productId, available: 9, reserved: 0);
        var own = await (await owner.Http.GetAsync($"/api/orders/user/{owner.Id}")).JsonAsync();
        Assert.Equal(orderId, Assert.Single(own.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_customers_order_list_shows_only_their_own_orders_even_when_asking_for_someone_elses()
    {
        var productId = await host.NewProductAsync(stock: 10);
        var alice = await host.NewCustomerAsync("alice");
        var bob = await host.NewCustomerAsync("bob");
        var aliceOrder = await alice.Http.CheckoutAsync(items: TestCatalog.Items(productId, 1));
        var bobOrder = await bob.Http.CheckoutAsync(items: TestCatalog.Items(productId, 2));

        foreach (var (customer, orderId, other) in new[] { (alice, aliceOrder, bob), (bob, bobOrder, alice) })
        {
            foreach (var query in new[] { "/api/orders", $"/api/orders?userId={other.Id}" })
            {
                var list = await (await customer.Http.GetAsync(query)).JsonAsync();
                Assert.Equal(1, list.GetProperty("totalCount").GetInt32());
                var only = Assert.Single(list.GetProperty("items").EnumerateArray());
                Assert.Equal(orderId, only.GetProperty("id").GetString());
                Assert.Equal(customer.Id, only.GetProperty("userId").GetString());
            }
        }
    }

    [Fact]
    public async Task Anonymous_callers_are_asked_to_sign_in_and_place_nothing()
    {
        var productId = await host.NewProductAsync(stock: 10);
        var customer = await host.NewCustomerAsync("signedin");
        var orderId = await customer.Http.CheckoutAsync(items: TestCatalog.Items(productId, 1));
        await customer.Http.WaitForOrderStatusAsync(orderId, "processing");
        using var anonymous = host.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/orders")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/orders/{orderId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/orders/user/{customer.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync($"/api/orders/{orderId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PatchAsJsonAsync($"/api/orders/{orderId}/status", new { status = "shipped" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostCheckoutAsync(Shop.Checkout(items: TestCatalog.Items(productId, 1)))).StatusCode);

        Assert.Equal("processing", (await customer.Http.GetOrderAsync(orderId)).Status());
        await customer.Http.WaitForStockAsync(productId, available: 9, reserved: 0);
    }
}

[Collection(SharedHostCollection.Name)]
public sealed class OrderAuthorizationTests(BazaarHost host) : OrderAuthorizationScenarios(host);
