using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Bazaar.IntegrationTests.Ordering;
using Bazaar.Invariants;
using Bazaar.Payment.Webhooks;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Bazaar.IntegrationTests.Security;

/// <summary>
/// OWASP API10 (unsafe consumption of APIs): what the card processor sends is believed only when signed with the shared
/// secret over the exact body and a fresh timestamp, and applied once.
/// </summary>
[Collection(SharedHostCollection.Name)]
public sealed class UnsafeConsumptionTests(BazaarHost host)
{
    [Fact]
    public async Task A_refund_webhook_counts_only_when_signed_fresh_and_unaltered_and_only_once()
    {
        var (customer, orderId, captureId) = await PaidOrderAsync();
        using var processor = host.CreateClient();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var body = Event(captureId, "re_1", 10m);

        var refusals = new (string What, string Body, string? Signature)[]
        {
            ("unsigned", body, null),
            ("signed with another secret", body, WebhookSignature.Sign("not-the-secret", now, body)),
            ("altered after signing", Event(captureId, "re_1", 20m), WebhookSignature.Sign(BazaarHost.WebhookSecret, now, body)),
            ("replayed ten minutes later", body, WebhookSignature.Sign(BazaarHost.WebhookSecret, now - 600, body)),
            ("dated in the future", body, WebhookSignature.Sign(BazaarHost.WebhookSecret, now + 600, body)),
            ("a signature without its timestamp", body, "v1=" + WebhookSignature.Sign(BazaarHost.WebhookSecret, now, body).Split("v1=")[1]),
        };
        foreach (var (what, sent, signature) in refusals)
        {
            using var refused = await PostAsync(processor, sent, signature);
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)refused.StatusCode}");
        }
        Assert.Equal(0m, (await customer.Http.WaitForPaymentStatusAsync(orderId, "captured")).Amount("refundedAmount"));

        using var accepted = await PostAsync(processor, body, WebhookSignature.Sign(BazaarHost.WebhookSecret, now, body));
        Assert.Equal("refund recorded", (await accepted.JsonAsync()).GetProperty("outcome").GetString());
        using var again = await PostAsync(processor, body, WebhookSignature.Sign(BazaarHost.WebhookSecret, now + 1, body));
        Assert.Equal("already recorded", (await again.JsonAsync()).GetProperty("outcome").GetString());

        var payment = await customer.Http.WaitForPaymentStatusAsync(orderId, "partiallyRefunded");
        Assert.Equal(10m, payment.Amount("refundedAmount"));

        var tooMuch = Event(captureId, "re_2", 1000m);
        using var over = await PostAsync(processor, tooMuch, WebhookSignature.Sign(BazaarHost.WebhookSecret, now, tooMuch));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, over.StatusCode);
        Assert.Equal(10m, (await customer.Http.GetFromJsonAsync<JsonElement>($"/api/payments/order/{orderId}")).Amount("refundedAmount"));
    }

    private async Task<(Customer Customer, string OrderId, string CaptureId)> PaidOrderAsync()
    {
        var productId = await host.NewProductAsync(stock: 5, price: 40m);
        var customer = await host.NewCustomerAsync("webhook");
        var orderId = await customer.Http.CheckoutAsync(items: TestCatalog.Items(productId, 1));
        await customer.Http.WaitForPaymentStatusAsync(orderId, "captured");
        // The processor knows the charge by its capture id, which the public API keeps to itself.
        await using var db = ShopDatabases.From([new("Bazaar:DataDirectory", host.DataDirectory)]).Payment();
        var captureId = await db.Payments.Where(p => p.OrderId == orderId).Select(p => p.CaptureId).SingleAsync();
        return (customer, orderId, captureId!);
    }

    private static string Event(string captureId, string refundId, decimal amount) =>
        JsonSerializer.Serialize(new { id = "evt_" + Guid.NewGuid().ToString("N"), type = "charge.refunded", data = new { captureId, refundId, amount } });

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string body, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, WebhooksApi.Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.Add(WebhookSignature.Header, signature);
        }
        return http.SendAsync(request);
    }
}
