using System.Net;
using System.Net.Http.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;
using Xunit.Sdk;

namespace Bazaar.IntegrationTests.Ordering;

/// <summary>Checkouts that do not end in a sale: the customer is told why, is not charged, and the goods go back on sale.</summary>
public abstract class FailureJourneyScenarios(ShopUnderTest host)
{
    [Fact]
    public Task A_declined_card_cancels_the_order_releases_the_stock_and_emails_the_customer() =>
        PaymentFailureAsync("tok_chargeDeclined", "payment_card_declined", "card_declined");

    [Fact]
    public Task A_card_without_funds_cancels_the_order_releases_the_stock_and_emails_the_customer() =>
        PaymentFailureAsync("tok_insufficientFunds", "payment_insufficient_funds", "insufficient_funds");

    private async Task PaymentFailureAsync(string token, string reason, string declineCode)
    {
        var productId = await host.NewProductAsync(stock: 10);
        var customer = await host.NewCustomerAsync("declined");

        var orderId = await customer.Http.CheckoutAsync(token, TestCatalog.Items(productId, 3));

        var order = await customer.Http.WaitForOrderStatusAsync(orderId, "cancelled");
        Assert.Equal(reason, order.GetProperty("cancellationReason").GetString());
        await customer.Http.WaitForStockAsync(productId, available: 10, reserved: 0);
        var payment = await customer.Http.WaitForPaymentStatusAsync(orderId, "failed");
        Assert.Equal(declineCode, payment.GetProperty("failureReason").GetString());
        Assert.Equal(0m, payment.Amount("refundedAmount"));
        var mail = await host.WaitForMailAsync(customer.Email, "payment-failed");
        Assert.Contains(orderId[^8..].ToUpperInvariant(), mail.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Mails(customer.Email), m => m.Headers["X-Bazaar-Template"] == "order-confirmed");
        Assert.Equal((10, 0), await customer.Http.StockAsync(productId));
    }

    [Fact]
    public async Task Ordering_more_than_is_in_stock_cancels_the_order_and_leaves_the_stock_untouched()
    {
        var productId = await host.NewProductAsync(stock: 3);
        var customer = await host.NewCustomerAsync("greedy");

        var orderId = await customer.Http.CheckoutAsync(items: TestCatalog.Items(productId, 5));

        var order = await customer.Http.WaitForOrderStatusAsync(orderId, "cancelled");
        Assert.Equal("insufficient_stock", order.GetProperty("cancellationReason").GetString());
        Assert.Equal((3, 0), await customer.Http.StockAsync(productId));
        var payment = await customer.Http.WaitForPaymentStatusAsync(orderId, "cancelled");
        Assert.Equal(0, payment.GetProperty("attempts").GetInt32());
        await host.WaitForMailAsync(customer.Email, "order-cancelled");
    }

    [Fact]
    public async Task A_card_processor_that_keeps_failing_is_retried_then_the_order_is_cancelled_and_the_stock_released()
    {
        var productId = await host.NewProductAsync(stock: 10);
        var customer = await host.NewCustomerAsync("flaky");

        var orderId = await customer.Http.CheckoutAsync("tok_processingError", TestCatalog.Items(productId, 2));

        var order = await customer.Http.WaitForOrderStatusAsync(orderId, "cancelled");
        Assert.Equal("payment_processing_error", order.GetProperty("cancellationReason").GetString());
        var payment = await customer.Http.WaitForPaymentStatusAsync(orderId, "failed");
        Assert.Equal("processing_error", payment.GetProperty("failureReason").GetString());
        Assert.True(payment.GetProperty("attempts").GetInt32() > 1, $"The gateway was tried {payment.GetProperty("attempts")} time(s), expected retries.");
        await customer.Http.WaitForStockAsync(productId, available: 10, reserved: 0);
        await host.WaitForMailAsync(customer.Email, "payment-failed");
        Assert.Equal((10, 0), await customer.Http.StockAsync(productId));
    }

    [Fact]
    public async Task A_customer_who_cancels_a_paid_order_is_refunded_in_full_and_the_goods_go_back_on_sale()
    {
        var productId = await host.NewProductAsync(stock: 10, price: 19.99m);
        var customer = await host.NewCustomerAsync("regretful");
        var orderId = await customer.Http.CheckoutAsync(items: TestCatalog.Items(productId, 2));
        await customer.Http.WaitForOrderStatusAsync(orderId, "processing");
        await customer.Http.WaitForStockAsync(productId, available: 8, reserved: 0);

        var cancelled = await (await customer.Http.DeleteAsync($"/api/orders/{orderId}")).JsonAsync();

        Assert.Equal("cancelled", cancelled.Status());
        Assert.Equal("cancelled_by_customer", cancelled.GetProperty("cancellationReason").GetString());
        Assert.Equal("cancelled", (await customer.Http.GetOrderAsync(orderId)).Status());
        var payment = await customer.Http.WaitForPaymentStatusAsync(orderId, "refunded");
        Assert.Equal(39.98m, payment.Amount("amount"));
        Assert.Equal(payment.Amount("amount"), payment.Amount("refundedAmount"));
        await customer.Http.WaitForStockAsync(productId, available: 10, reserved: 0);
        var mail = await host.WaitForMailAsync(customer.Email, "order-cancelled");
        Assert.Contains(orderId, mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("refunded", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Equal((10, 0), await customer.Http.StockAsync(productId));
    }

    [Fact]
    public async Task A_paid_order_cancelled_several_times_at_once_is_cancelled_and_refunded_once()
    {
        var productId = await host.NewProductAsync(stock: 10, price: 10.00m);
        var customer = await host.NewCustomerAsync("impatient");
        var orderId = await customer.Http.CheckoutAsync(items: TestCatalog.Items(productId, 3));
        await customer.Http.WaitForOrderStatusAsync(orderId, "processing");
        await customer.Http.WaitForStockAsync(productId, available: 7, reserved: 0);

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => customer.Http.DeleteAsync($"/api/orders/{orderId}")));

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s == 200));
        Assert.All(statuses.Where(s => s != 200), s => Assert.Equal(409, s));
        var payment = await customer.Http.WaitForPaymentStatusAsync(orderId, "refunded");
        Assert.Equal(30.00m, payment.Amount("refundedAmount"));
        Assert.Single(payment.GetProperty("refunds").EnumerateArray());
        await customer.Http.WaitForStockAsync(productId, available: 10, reserved: 0);
        await host.WaitForMailAsync(customer.Email, "order-cancelled");
        Assert.Single(host.Mails(customer.Email), m => m.Headers["X-Bazaar-Template"] == "order-cancelled");
        Assert.Equal((10, 0), await customer.Http.StockAsync(productId));
    }

    [Fact]
    public async Task A_shipped_order_can_no_longer_be_cancelled()
    {
        var productId = await host.NewProductAsync(stock: 5);
        var customer = await host.NewCustomerAsync("toolate");
        var orderId = await customer.Http.CheckoutAsync(items: TestCatalog.Items(productId, 1));
        await customer.Http.WaitForOrderStatusAsync(orderId, "processing");
        using var admin = await host.AdminAsync();
        await (await admin.PatchAsJsonAsync($"/api/orders/{orderId}/status", new { status = "shipped" })).EnsureStatusAsync(HttpStatusCode.OK);

        await (await customer.Http.DeleteAsync($"/api/orders/{orderId}")).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("shipped", (await customer.Http.GetOrderAsync(orderId)).Status());
        var payment = await customer.Http.WaitForPaymentStatusAsync(orderId, "captured");
        Assert.Equal(0m, payment.Amount("refundedAmount"));
        await customer.Http.WaitForStockAsync(productId, available: 4, reserved: 0);
    }
}

/// <summary>The failures that need a shop of their own: a missing service or deadlines of seconds.</summary>
[Collection(SharedHostCollection.Name)]
public sealed class FailureJourneyTests(BazaarHost host) : FailureJourneyScenarios(host)
{
    [Fact]
    public async Task An_order_left_unpaid_past_its_reservation_is_cancelled_and_the_stock_released()
    {
        // No payment service: the reservation is never paid and runs out after a second.
        var unpaid = BazaarHost.With(new()
        {
            ["Bazaar:Services"] = "identity,catalog,inventory,cart,ordering,notification",
            ["Bazaar:Inventory:ReservationTtl"] = "00:00:01",
        });
        try
        {
            await unpaid.InitializeAsync();
            var product = DemoProducts.Plentiful(0);
            var customer = await unpaid.NewCustomerAsync("slowpayer");
            var before = await customer.Http.StockAsync(product.Id);
            Assert.Equal(0, before.Reserved);

            var orderId = await customer.Http.CheckoutAsync(items: TestCatalog.Items(product.Id, 2));

            var order = await customer.Http.WaitForOrderStatusAsync(orderId, "cancelled");
            Assert.Contains(order.GetProperty("cancellationReason").GetString(), new[] { "reservation_expired", "timeout_awaiting_payment" });
            await customer.Http.WaitForStockAsync(product.Id, before.Available, 0);
            await unpaid.WaitForMailAsync(customer.Email, "order-cancelled");
            Assert.Equal((before.Available, 0), await customer.Http.StockAsync(product.Id));
        }
        finally
        {
            await unpaid.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_reservation_running_out_while_the_card_is_charged_never_sells_the_same_units_twice()
    {
        // Holds that run out within milliseconds and are swept constantly, so payments land on both sides of an expiry.
        var rushed = BazaarHost.With(new()
        {
            ["Bazaar:Inventory:ReservationTtl"] = "00:00:00.040",
            ["Bazaar:Inventory:ExpirySweepInterval"] = "00:00:00.020",
        });
        try
        {
            await rushed.InitializeAsync();
            var productId = await rushed.NewProductAsync(stock: 100);
            var customer = await rushed.NewCustomerAsync("rushed");

            var orderIds = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => customer.Http.CheckoutAsync(items: TestCatalog.Items(productId, 1))));

            var seen = "";
            try
            {
                await Eventually.TrueAsync(async () =>
                {
                    var orders = await Task.WhenAll(orderIds.Select(customer.Http.GetOrderAsync));
                    var sold = orders.Count(o => o.Status() == "processing");
                    var stock = await customer.Http.StockAsync(productId);
                    seen = $"{sold} orders paid and processing, {orders.Count(o => o.Status() == "pending")} pending, stock {stock}";
                    return orders.All(o => o.Status() != "pending") && stock == (100 - sold, 0);
                }, "every paid order's units, and only those, to have left the shelf");
            }
            catch (XunitException)
            {
                throw new XunitException($"Stock does not match the orders that were sold: {seen} (started with 100 units).");
            }
            foreach (var orderId in orderIds)
            {
                var order = await customer.Http.GetOrderAsync(orderId);
                var expected = order.Status() == "processing" ? "captured" : "refunded or not taken";
                await customer.Http.WaitForPaymentAsync(orderId,
                    p => order.Status() == "processing" ? p.Status() == "captured" : p.Status() is "refunded" or "cancelled" or "failed", expected);
            }
        }
        finally
        {
            await rushed.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_order_whose_stock_reply_never_comes_is_cancelled_without_charging_the_customer()
    {
        // No inventory service: nobody answers OrderPlaced.
        var silent = BazaarHost.With(new()
        {
            ["Bazaar:Services"] = "identity,catalog,cart,ordering,payment,notification",
            ["Bazaar:Ordering:StockReplyTimeout"] = "00:00:01",
        });
        try
        {
            await silent.InitializeAsync();
            var customer = await silent.NewCustomerAsync("waiting");

            var orderId = await customer.Http.CheckoutAsync(items: TestCatalog.Items(DemoProducts.Plentiful(0).Id, 1));

            var order = await customer.Http.WaitForOrderStatusAsync(orderId, "cancelled");
            Assert.Equal("timeout_awaiting_stock", order.GetProperty("cancellationReason").GetString());
            var payment = await customer.Http.WaitForPaymentStatusAsync(orderId, "cancelled");
            Assert.Equal(0, payment.GetProperty("attempts").GetInt32());
            await silent.WaitForMailAsync(customer.Email, "order-cancelled");
        }
        finally
        {
            await silent.DisposeAsync();
        }
    }
}
