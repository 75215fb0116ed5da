using System.Net;
using System.Net.Http.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Ordering;

/// <summary>A checkout retried with its Idempotency-Key (a double click, a lost response) buys once.</summary>
public abstract class IdempotencyScenarios(ShopUnderTest host)
{
    [Fact]
    public async Task The_same_checkout_sent_twenty_times_at_once_makes_one_order_and_one_charge()
    {
        var productId = await host.NewProductAsync(stock: 10, price: 15.00m);
        var customer = await host.NewCustomerAsync("doubleclick");
        var key = Guid.NewGuid().ToString();
        var body = Shop.Checkout(items: TestCatalog.Items(productId, 3));

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => customer.Http.PostCheckoutAsync(body, key)));

        var ids = new List<string>();
        foreach (var response in responses)
        {
            ids.Add((await response.JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetString()!);
        }
        var orderId = Assert.Single(ids.Distinct());
        await customer.Http.WaitForOrderStatusAsync(orderId, "processing");
        var list = await (await customer.Http.GetAsync("/api/orders")).JsonAsync();
        Assert.Equal(1, list.GetProperty("totalCount").GetInt32());
        Assert.Equal(orderId, list.GetProperty("items")[0].GetProperty("id").GetString());
        await customer.Http.WaitForStockAsync(productId, available: 7, reserved: 0);
        var payment = await customer.Http.WaitForPaymentStatusAsync(orderId, "captured");
        Assert.Equal(45.00m, payment.Amount("amount"));
        Assert.Equal(1, payment.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Reusing_a_key_for_a_different_checkout_is_refused_and_places_nothing()
    {
        var productId = await host.NewProductAsync(stock: 10);
        var customer = await host.NewCustomerAsync("reuser");
        var key = Guid.NewGuid().ToString();
        var first = await (await customer.Http.PostCheckoutAsync(Shop.Checkout(items: TestCatalog.Items(productId, 1)), key)).JsonAsync(HttpStatusCode.Accepted);

        await (await customer.Http.PostCheckoutAsync(Shop.Checkout(items: TestCatalog.Items(productId, 4)), key)).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        var orderId = first.GetProperty("id").GetString()!;
        var order = await customer.Http.WaitForOrderStatusAsync(orderId, "processing");
        Assert.Equal(1, order.GetProperty("items")[0].GetProperty("quantity").GetInt32());
        var list = await (await customer.Http.GetAsync("/api/orders")).JsonAsync();
        Assert.Equal(1, list.GetProperty("totalCount").GetInt32());
        await customer.Http.WaitForStockAsync(productId, available: 9, reserved: 0);
    }

    [Fact]
    public async Task A_checkout_without_an_Idempotency_Key_is_rejected_and_places_nothing()
    {
        var productId = await host.NewProductAsync(stock: 10);
        var customer = await host.NewCustomerAsync("keyless");

        var response = await customer.Http.PostAsync("/api/orders", JsonContent.Create(Shop.Checkout(items: TestCatalog.Items(productId, 1))));

        await response.ValidationProblemAsync("Idempotency-Key");
        var list = await (await customer.Http.GetAsync("/api/orders")).JsonAsync();
        Assert.Equal(0, list.GetProperty("totalCount").GetInt32());
        Assert.Equal((10, 0), await customer.Http.StockAsync(productId));
    }

    [Fact]
    public async Task The_same_key_from_another_customer_is_a_checkout_of_its_own()
    {
        var productId = await host.NewProductAsync(stock: 10);
        var alice = await host.NewCustomerAsync("alice");
        var bob = await host.NewCustomerAsync("bob");
        var key = Guid.NewGuid().ToString();
        var body = Shop.Checkout(items: TestCatalog.Items(productId, 1));

        var aliceOrder = (await (await alice.Http.PostCheckoutAsync(body, key)).JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetString()!;
        var bobOrder = (await (await bob.Http.PostCheckoutAsync(body, key)).JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetString()!;

        Assert.NotEqual(aliceOrder, bobOrder);
        Assert.Equal(bob.Id, (await bob.Http.WaitForOrderStatusAsync(bobOrder, "processing")).GetProperty("userId").GetString());
        Assert.Equal(alice.Id, (await alice.Http.WaitForOrderStatusAsync(aliceOrder, "processing")).GetProperty("userId").GetString());
        foreach (var customer in new[] { alice, bob })
        {
            var list = await (await customer.Http.GetAsync("/api/orders")).JsonAsync();
            Assert.Equal(1, list.GetProperty("totalCount").GetInt32());
        }
        await alice.Http.WaitForStockAsync(productId, available: 8, reserved: 0);
    }
}

[Collection(SharedHostCollection.Name)]
public sealed class IdempotencyTests(BazaarHost host) : IdempotencyScenarios(host);
