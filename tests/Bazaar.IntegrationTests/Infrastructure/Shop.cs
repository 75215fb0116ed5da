using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MimeKit;
using Xunit.Sdk;

namespace Bazaar.IntegrationTests.Infrastructure;

/// <summary>What a shopper and an admin do, as calls to the public API.</summary>
public static class Shop
{
    public static readonly object Address = new { name = "Ada Lovelace", line1 = "12 St James's Square", city = "London", postalCode = "SW1Y 4JH", country = "GB" };

    public static object Checkout(string token = "tok_visa", object? items = null) =>
        items is null
            ? new { shippingAddress = Address, paymentMethod = new { type = "card", token } }
            : new { shippingAddress = Address, paymentMethod = new { type = "card", token }, items };

    public static async Task AddToCartAsync(this HttpClient http, string productId, int quantity)
    {
        var response = await http.PostAsJsonAsync("/api/cart/items", new { productId, quantity });
        await response.EnsureStatusAsync(HttpStatusCode.OK);
    }

    public static Task<HttpResponseMessage> PostCheckoutAsync(this HttpClient http, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString());
        return http.SendAsync(request);
    }

    /// <summary>Checks out and returns the new order's id.</summary>
    public static async Task<string> CheckoutAsync(this HttpClient http, string token = "tok_visa", object? items = null)
    {
        var response = await http.PostCheckoutAsync(Checkout(token, items));
        var order = await response.JsonAsync(HttpStatusCode.Accepted);
        return order.GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> GetOrderAsync(this HttpClient http, string orderId) =>
        await (await http.GetAsync($"/api/orders/{orderId}")).JsonAsync();

    public static async Task<JsonElement> WaitForOrderStatusAsync(this HttpClient http, string orderId, string status)
    {
        var order = default(JsonElement);
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                order = await http.GetOrderAsync(orderId);
                return order.GetProperty("status").GetString() == status;
            }, $"order {orderId} to become {status}");
        }
        catch (XunitException ex)
        {
            throw new XunitException($"{ex.Message} Last seen: {order}");
        }
        return order;
    }

    public static async Task<(int Available, int Reserved)> StockAsync(this HttpClient http, string productId)
    {
        var stock = await (await http.GetAsync($"/api/inventory/{productId}")).JsonAsync();
        return (stock.GetProperty("available").GetInt32(), stock.GetProperty("reserved").GetInt32());
    }

    /// <summary>The e-mails written for a recipient (the embedded shape writes .eml files).</summary>
    public static IReadOnlyList<MimeMessage> Mails(this ShopUnderTest host, string recipient)
    {
        if (!Directory.Exists(host.MailDirectory))
        {
            return [];
        }
        var messages = new List<MimeMessage>();
        foreach (var file in Directory.GetFiles(host.MailDirectory, "*.eml"))
        {
            try
            {
                var message = MimeMessage.Load(file);
                if (message.To.Mailboxes.Any(m => m.Address.Equals(recipient, StringComparison.OrdinalIgnoreCase)))
                {
                    messages.Add(message);
                }
            }
            catch (IOException)
            {
                // Being written right now; the next look will read it.
            }
        }
        return messages;
    }

    public static Task<MimeMessage> WaitForMailAsync(this ShopUnderTest host, string recipient, string template) =>
        Eventually.ValueAsync(
            () => Task.FromResult(host.Mails(recipient).FirstOrDefault(m => m.Headers["X-Bazaar-Template"] == template)),
            _ => true,
            $"the '{template}' e-mail to {recipient}");
}
