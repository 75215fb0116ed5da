using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Ordering;

/// <summary>The shop's side of orders: every order in view, and only the moves the order's life allows.</summary>
public abstract class OrderAdminScenarios(ShopUnderTest host)
{
    [Fact]
    public async Task An_admin_sees_every_customers_orders_and_filters_them_by_customer_and_status()
    {
        var productId = await host.NewProductAsync(stock: 10);
        var buyer = await host.NewCustomerAsync("buyer");
        var decliner = await host.NewCustomerAsync("decliner");
        var bought = await buyer.Http.CheckoutAsync(items: TestCatalog.Items(productId, 1));
        var declined = await decliner.Http.CheckoutAsync("tok_chargeDeclined", TestCatalog.Items(productId, 1));
        await buyer.Http.WaitForOrderStatusAsync(bought, "processing");
        await decliner.Http.WaitForOrderStatusAsync(declined, "cancelled");
        using var admin = await host.AdminAsync();

        Assert.Equal("processing", (await admin.GetOrderAsync(bought)).Status());
        Assert.Equal("cancelled", (await admin.GetOrderAsync(declined)).Status());
        var everything = await (await admin.GetAsync("/api/orders?pageSize=100")).JsonAsync();
        Assert.True(everything.GetProperty("totalCount").GetInt32() >= 2);
        var buyers = await (await admin.GetAsync($"/api/orders?userId={buyer.Id}")).JsonAsync();
        Assert.Equal(bought, Assert.Single(buyers.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        var cancelledOfDecliner = await (await admin.GetAsync($"/api/orders?userId={decliner.Id}&status=cancelled")).JsonAsync();
        Assert.Equal(declined, Assert.Single(cancelledOfDecliner.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        var processingOfDecliner = await (await admin.GetAsync($"/api/orders?userId={decliner.Id}&status=processing")).JsonAsync();
        Assert.Equal(0, processingOfDecliner.GetProperty("totalCount").GetInt32());
        var allCancelled = await (await admin.GetAsync("/api/orders?status=cancelled&pageSize=100")).JsonAsync();
        Assert.All(allCancelled.GetProperty("items").EnumerateArray(), o => Assert.Equal("cancelled", o.Status()));
        var viaUser = await (await admin.GetAsync($"/api/orders/user/{buyer.Id}")).JsonAsync();
        Assert.Equal(bought, Assert.Single(viaUser.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        await (await admin.GetAsync("/api/orders?status=flying")).ValidationProblemAsync("status");
    }

    [Fact]
    public async Task An_admin_ships_and_delivers_a_paid_order_but_cannot_move_it_backwards_or_cancel_it_once_delivered()
    {
        var productId = await host.NewProductAsync(stock: 10);
        var customer = await host.NewCustomerAsync("parcel");
        var orderId = await customer.Http.CheckoutAsync(items: TestCatalog.Items(productId, 1));
        await customer.Http.WaitForOrderStatusAsync(orderId, "processing");
        using var admin = await host.AdminAsync();

        await (await admin.PatchAsJsonAsync($"/api/orders/{orderId}/status", new { status = "flying" })).ValidationProblemAsync("status");
        await (await admin.PatchAsJsonAsync($"/api/orders/{orderId}/status", new { status = "delivered" })).ProblemAsync(HttpStatusCode.Conflict);
        var shipped = await (await admin.PatchAsJsonAsync($"/api/orders/{orderId}/status", new { status = "shipped" })).JsonAsync();
        Assert.Equal("shipped", shipped.Status());
        await host.WaitForMailAsync(customer.Email, "order-shipped");
        await (await admin.PatchAsJsonAsync($"/api/orders/{orderId}/status", new { status = "processing" })).ProblemAsync(HttpStatusCode.Conflict);
        var delivered = await (await admin.PatchAsJsonAsync($"/api/orders/{orderId}/status", new { status = "delivered" })).JsonAsync();
        Assert.Equal("delivered", delivered.Status());
        await host.WaitForMailAsync(customer.Email, "order-delivered");

        await (await admin.PatchAsJsonAsync($"/api/orders/{orderId}/status", new { status = "cancelled" })).ProblemAsync(HttpStatusCode.Conflict);
        await (await admin.DeleteAsync($"/api/orders/{orderId}")).ProblemAsync(HttpStatusCode.Conflict);
        await (await admin.PatchAsJsonAsync($"/api/orders/{orderId}/status", new { status = "shipped" })).ProblemAsync(HttpStatusCode.Conflict);

        var order = await customer.Http.GetOrderAsync(orderId);
        Assert.Equal("delivered", order.Status());
        Assert.Equal(JsonValueKind.Null, order.GetProperty("cancelledAt").ValueKind);
        var payment = await customer.Http.WaitForPaymentStatusAsync(orderId, "captured");
        Assert.Equal(0m, payment.Amount("refundedAmount"));
        await customer.Http.WaitForStockAsync(productId, available: 9, reserved: 0);
    }

    [Fact]
    public async Task An_admin_who_cancels_a_paid_order_refunds_it_and_puts_the_goods_back_on_sale()
    {
        var productId = await host.NewProductAsync(stock: 10, price: 31.25m);
        var customer = await host.NewCustomerAsync("refundee");
        var orderId = await customer.Http.CheckoutAsync(items: TestCatalog.Items(productId, 2));
        await customer.Http.WaitForOrderStatusAsync(orderId, "processing");
        await customer.Http.WaitForStockAsync(productId, available: 8, reserved: 0);
        using var admin = await host.AdminAsync();

        var cancelled = await (await admin.PatchAsJsonAsync($"/api/orders/{orderId}/status", new { status = "cancelled" })).JsonAsync();

        Assert.Equal("cancelled", cancelled.Status());
        Assert.Equal("cancelled_by_admin", cancelled.GetProperty("cancellationReason").GetString());
        var payment = await customer.Http.WaitForPaymentStatusAsync(orderId, "refunded");
        Assert.Equal(62.50m, payment.Amount("refundedAmount"));
        await customer.Http.WaitForStockAsync(productId, available: 10, reserved: 0);
        await host.WaitForMailAsync(customer.Email, "order-cancelled");
        Assert.Equal((10, 0), await customer.Http.StockAsync(productId));
    }
}

[Collection(SharedHostCollection.Name)]
public sealed class OrderAdminTests(BazaarHost host) : OrderAdminScenarios(host)
{
    [Fact]
    public async Task A_pending_order_cannot_be_shipped_before_it_is_paid()
    {
        // Without the payment service the order waits for its payment for minutes: pending as long as this test needs.
        var unpaid = BazaarHost.With(new() { ["Bazaar:Services"] = "identity,catalog,inventory,cart,ordering,notification" });
        try
        {
            await unpaid.InitializeAsync();
            var product = DemoProducts.Plentiful(1);
            var customer = await unpaid.NewCustomerAsync("eager");
            var before = await customer.Http.StockAsync(product.Id);
            var orderId = await customer.Http.CheckoutAsync(items: TestCatalog.Items(product.Id, 1));
            await customer.Http.WaitForStockAsync(product.Id, before.Available - 1, before.Reserved + 1);
            using var admin = await unpaid.AdminAsync();

            await (await admin.PatchAsJsonAsync($"/api/orders/{orderId}/status", new { status = "shipped" })).ProblemAsync(HttpStatusCode.Conflict);
            await (await admin.PatchAsJsonAsync($"/api/orders/{orderId}/status", new { status = "delivered" })).ProblemAsync(HttpStatusCode.Conflict);

            var order = await customer.Http.GetOrderAsync(orderId);
            Assert.Equal("pending", order.Status());
            Assert.Equal(JsonValueKind.Null, order.GetProperty("shippedAt").ValueKind);
            Assert.DoesNotContain(unpaid.Mails(customer.Email), m => m.Headers["X-Bazaar-Template"] == "order-shipped");
        }
        finally
        {
            await unpaid.DisposeAsync();
        }
    }
}
