using System.Net;
using System.Net.Http.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Ordering;

/// <summary>Runs on both shapes: <see cref="CheckoutJourneyTests"/> here, and again in the distributed tests.</summary>
public abstract class CheckoutJourneyScenarios(ShopUnderTest host)
{
    [Fact]
    public async Task A_customer_registers_searches_buys_and_receives_the_order_with_an_email_at_each_step()
    {
        var customer = await host.NewCustomerAsync("journey");

        var search = await (await customer.Http.GetAsync("/api/products?q=headphnoes")).JsonAsync();
        var product = search.GetProperty("items")[0];
        Assert.Contains("Headphones", product.GetProperty("name").GetString(), StringComparison.Ordinal);
        var productId = product.GetProperty("id").GetString()!;
        var price = product.GetProperty("price").GetProperty("amount").GetDecimal();
        var before = await customer.Http.StockAsync(productId);

        await customer.Http.AddToCartAsync(productId, 2);
        var orderId = await customer.Http.CheckoutAsync();

        var order = await customer.Http.WaitForOrderStatusAsync(orderId, "processing");
        Assert.Equal(price * 2, order.GetProperty("total").GetProperty("amount").GetDecimal());
        Assert.Equal((before.Available - 2, before.Reserved), await customer.Http.StockAsync(productId));
        var confirmation = await host.WaitForMailAsync(customer.Email, "order-confirmed");
        Assert.Contains(orderId, confirmation.HtmlBody, StringComparison.Ordinal);
        await Eventually.TrueAsync(async () =>
            (await (await customer.Http.GetAsync("/api/cart")).JsonAsync()).GetProperty("items").GetArrayLength() == 0, "the cart to be emptied");

        using var admin = await host.AdminAsync();
        (await admin.PatchAsJsonAsync($"/api/orders/{orderId}/status", new { status = "shipped" })).EnsureSuccessStatusCode();
        await host.WaitForMailAsync(customer.Email, "order-shipped");
        (await admin.PatchAsJsonAsync($"/api/orders/{orderId}/status", new { status = "delivered" })).EnsureSuccessStatusCode();
        await host.WaitForMailAsync(customer.Email, "order-delivered");

        var delivered = await customer.Http.GetOrderAsync(orderId);
        Assert.Equal("delivered", delivered.GetProperty("status").GetString());
        var payment = await (await customer.Http.GetAsync($"/api/payments/order/{orderId}")).JsonAsync();
        Assert.Equal("captured", payment.GetProperty("status").GetString());
        Assert.Equal(price * 2, payment.GetProperty("amount").GetProperty("amount").GetDecimal());
        await (await admin.PatchAsJsonAsync($"/api/orders/{orderId}/status", new { status = "shipped" })).ProblemAsync(HttpStatusCode.Conflict);
    }
}

[Collection(SharedHostCollection.Name)]
public sealed class CheckoutJourneyTests(BazaarHost host) : CheckoutJourneyScenarios(host);
