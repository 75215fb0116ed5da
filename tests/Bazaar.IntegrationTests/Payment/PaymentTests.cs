using System.Net;
using System.Net.Http.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Bazaar.IntegrationTests.Ordering;
using Xunit;

namespace Bazaar.IntegrationTests.Payment;

/// <summary>Runs on both shapes: <see cref="PaymentTests"/> here, and again in the distributed tests.</summary>
public abstract class PaymentScenarios(ShopUnderTest host)
{
    private async Task<(Customer Customer, string OrderId, string PaymentId)> PaidOrderAsync(string name, decimal price, int quantity)
    {
        var productId = await host.NewProductAsync(stock: 10, price);
        var customer = await host.NewCustomerAsync(name);
        var orderId = await customer.Http.CheckoutAsync(items: TestCatalog.Items(productId, quantity));
        var order = await customer.Http.WaitForOrderStatusAsync(orderId, "processing");
        return (customer, orderId, order.GetProperty("paymentId").GetString()!);
    }

    [Fact]
    public async Task A_payment_is_visible_to_its_owner_and_to_admins_and_to_nobody_else()
    {
        var (owner, orderId, paymentId) = await PaidOrderAsync("payer", 42.00m, 1);
        var stranger = await host.NewCustomerAsync("stranger");
        using var admin = await host.AdminAsync();

        foreach (var reader in new[] { owner.Http, admin })
        {
            var byId = await (await reader.GetAsync($"/api/payments/{paymentId}")).JsonAsync();
            var byOrder = await (await reader.GetAsync($"/api/payments/order/{orderId}")).JsonAsync();
            Assert.Equal(paymentId, byId.GetProperty("id").GetString());
            Assert.Equal(paymentId, byOrder.GetProperty("id").GetString());
            Assert.Equal(orderId, byId.GetProperty("orderId").GetString());
            Assert.Equal(owner.Id, byId.GetProperty("userId").GetString());
            Assert.Equal("captured", byId.Status());
            Assert.Equal(42.00m, byId.Amount("amount"));
            Assert.Equal("USD", byId.GetProperty("amount").GetProperty("currency").GetString());
        }
        await (await stranger.Http.GetAsync($"/api/payments/{paymentId}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Http.GetAsync($"/api/payments/order/{orderId}")).ProblemAsync(HttpStatusCode.NotFound);
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/payments/{paymentId}")).StatusCode);
    }

    [Fact]
    public async Task Processing_a_payment_that_is_already_captured_answers_with_it_and_charges_nothing_more()
    {
        var (customer, orderId, paymentId) = await PaidOrderAsync("twice", 18.00m, 2);
        var before = await (await customer.Http.GetAsync($"/api/payments/{paymentId}")).JsonAsync();

        var again = await (await customer.Http.PostAsJsonAsync("/api/payments/process",
            new { orderId, paymentMethod = new { type = "card", token = "tok_visa" } })).JsonAsync();

        Assert.Equal(paymentId, again.GetProperty("id").GetString());
        Assert.Equal("captured", again.Status());
        Assert.Equal(36.00m, again.Amount("amount"));
        var after = await (await customer.Http.GetAsync($"/api/payments/{paymentId}")).JsonAsync();
        Assert.Equal(before.GetProperty("attempts").GetInt32(), after.GetProperty("attempts").GetInt32());
        Assert.Equal(before.GetProperty("updatedAt").GetString(), after.GetProperty("updatedAt").GetString());
        Assert.Equal("processing", (await customer.Http.GetOrderAsync(orderId)).Status());
        var stranger = await host.NewCustomerAsync("meddler");
        await (await stranger.Http.PostAsJsonAsync("/api/payments/process", new { orderId })).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_admin_refunds_part_then_the_rest_and_can_never_refund_more_than_was_paid()
    {
        var (customer, orderId, paymentId) = await PaidOrderAsync("refunds", 25.00m, 2);
        using var admin = await host.AdminAsync();

        var partial = await (await admin.PostAsJsonAsync("/api/payments/refund",
            new { paymentId, amount = new { amount = 10.00m, currency = "USD" }, reason = "scratched box" })).JsonAsync();
        Assert.Equal("partiallyRefunded", partial.Status());
        Assert.Equal(10.00m, partial.Amount("refundedAmount"));

        await (await admin.PostAsJsonAsync("/api/payments/refund",
            new { paymentId, amount = new { amount = 40.01m, currency = "USD" } })).ValidationProblemAsync("amount.amount");
        var unchanged = await (await customer.Http.GetAsync($"/api/payments/{paymentId}")).JsonAsync();
        Assert.Equal("partiallyRefunded", unchanged.Status());
        Assert.Equal(10.00m, unchanged.Amount("refundedAmount"));
        Assert.Single(unchanged.GetProperty("refunds").EnumerateArray());

        var full = await (await admin.PostAsJsonAsync("/api/payments/refund",
            new { paymentId, amount = new { amount = 40.00m, currency = "USD" } })).JsonAsync();
        Assert.Equal("refunded", full.Status());
        Assert.Equal(50.00m, full.Amount("refundedAmount"));
        Assert.Equal(new[] { 10.00m, 40.00m }, full.GetProperty("refunds").EnumerateArray().Select(r => r.Amount("amount")).ToArray());

        await (await admin.PostAsJsonAsync("/api/payments/refund",
            new { paymentId, amount = new { amount = 0.01m, currency = "USD" } })).ProblemAsync(HttpStatusCode.Conflict);
        var final = await (await customer.Http.GetAsync($"/api/payments/order/{orderId}")).JsonAsync();
        Assert.Equal("refunded", final.Status());
        Assert.Equal(50.00m, final.Amount("refundedAmount"));
    }

    [Fact]
    public async Task Refunds_asked_for_at_the_same_time_never_return_more_than_was_paid()
    {
        var (customer, orderId, paymentId) = await PaidOrderAsync("racerefund", 25.00m, 2);
        using var admin = await host.AdminAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => admin.PostAsJsonAsync("/api/payments/refund",
            new { paymentId, amount = new { amount = 30.00m, currency = "USD" } })));

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        var payment = await (await customer.Http.GetAsync($"/api/payments/order/{orderId}")).JsonAsync();
        var refunded = payment.GetProperty("refunds").EnumerateArray().Sum(r => r.Amount("amount"));
        Assert.True(refunded <= payment.Amount("amount"),
            $"Refunds of {refunded} on a payment of {payment.Amount("amount")} (answers {string.Join(", ", statuses)}; refundedAmount {payment.Amount("refundedAmount")}).");
        Assert.Equal(1, statuses.Count(s => s == 200));
        Assert.All(statuses.Where(s => s != 200), s => Assert.True(s is 400 or 409, $"A refund answered {s}: {string.Join(", ", statuses)}"));
        Assert.Equal(30.00m, payment.Amount("refundedAmount"));
        Assert.Equal(30.00m, Assert.Single(payment.GetProperty("refunds").EnumerateArray()).Amount("amount"));
        Assert.Equal("partiallyRefunded", payment.Status());
    }

    [Fact]
    public async Task A_refund_retried_with_its_Idempotency_Key_refunds_once()
    {
        var (customer, orderId, paymentId) = await PaidOrderAsync("retryrefund", 25.00m, 2);
        using var admin = await host.AdminAsync();
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/refund")
            {
                Content = JsonContent.Create(new { paymentId, amount = new { amount = 5.00m, currency = "USD" } }),
            };
            request.Headers.Add("Idempotency-Key", key);
            return admin.SendAsync(request);
        }));

        foreach (var response in responses)
        {
            await response.EnsureStatusAsync(HttpStatusCode.OK);
        }
        var payment = await (await customer.Http.GetAsync($"/api/payments/order/{orderId}")).JsonAsync();
        Assert.Equal(5.00m, payment.Amount("refundedAmount"));
        Assert.Single(payment.GetProperty("refunds").EnumerateArray());
    }

    [Fact]
    public async Task A_customer_cannot_refund_their_own_payment()
    {
        var (customer, orderId, paymentId) = await PaidOrderAsync("selfrefund", 20.00m, 1);

        var response = await customer.Http.PostAsJsonAsync("/api/payments/refund", new { paymentId, amount = new { amount = 20.00m, currency = "USD" } });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var payment = await (await customer.Http.GetAsync($"/api/payments/order/{orderId}")).JsonAsync();
        Assert.Equal("captured", payment.Status());
        Assert.Equal(0m, payment.Amount("refundedAmount"));
    }

    [Fact]
    public async Task The_card_token_never_leaves_the_payment_service()
    {
        var (customer, orderId, paymentId) = await PaidOrderAsync("private", 9.50m, 1);
        using var admin = await host.AdminAsync();

        var bodies = new List<string>
        {
            await (await customer.Http.GetAsync($"/api/payments/{paymentId}")).Content.ReadAsStringAsync(),
            await (await admin.GetAsync($"/api/payments/order/{orderId}")).Content.ReadAsStringAsync(),
            await (await customer.Http.PostAsJsonAsync("/api/payments/process", new { orderId })).Content.ReadAsStringAsync(),
            await (await customer.Http.GetAsync($"/api/orders/{orderId}")).Content.ReadAsStringAsync(),
        };

        Assert.All(bodies, body =>
        {
            Assert.Contains(paymentId, body, StringComparison.Ordinal);
            Assert.DoesNotContain("tok_visa", body, StringComparison.Ordinal);
        });
    }
}

[Collection(SharedHostCollection.Name)]
public sealed class PaymentTests(BazaarHost host) : PaymentScenarios(host);
