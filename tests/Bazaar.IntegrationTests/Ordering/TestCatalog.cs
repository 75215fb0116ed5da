using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.IntegrationTests.Infrastructure;

namespace Bazaar.IntegrationTests.Ordering;

/// <summary>
/// Products of a test's own, so tests sharing a host never compete for units, and the waits the order
/// tests share (stock settling, a payment being recorded).
/// </summary>
public static class TestCatalog
{
    /// <summary>Creates a product as admin and waits until inventory has opened its stock.</summary>
    public static async Task<string> NewProductAsync(this ShopUnderTest host, int stock, decimal price = 24.50m)
    {
        using var admin = await host.AdminAsync();
        var sku = "T-" + Guid.NewGuid().ToString("N")[..12];
        var response = await admin.PostAsJsonAsync("/api/products", new
        {
            sku,
            name = $"Test Gadget {sku}",
            description = "A product made by a test.",
            price = new { amount = price, currency = "USD" },
            category = "Test Goods",
            brand = "Testbench",
            initialStock = stock,
        });
        var id = (await response.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await Eventually.TrueAsync(async () => (await admin.GetAsync($"/api/inventory/{id}")).StatusCode == HttpStatusCode.OK,
            $"inventory to open stock for {sku}");
        return id;
    }

    /// <summary>The explicit <c>items</c> of a checkout.</summary>
    public static object[] Items(string productId, int quantity) => [new { productId, quantity }];

    public static Task WaitForStockAsync(this HttpClient http, string productId, int available, int reserved) =>
        Eventually.TrueAsync(async () => await http.StockAsync(productId) == (available, reserved),
            $"stock of {productId} to be {available} available, {reserved} reserved");

    /// <summary>The payment of an order, once payment has recorded it and <paramref name="accept"/> holds.</summary>
    public static async Task<JsonElement> WaitForPaymentAsync(this HttpClient http, string orderId, Func<JsonElement, bool> accept, string what)
    {
        var payment = default(JsonElement);
        await Eventually.TrueAsync(async () =>
        {
            var response = await http.GetAsync($"/api/payments/order/{orderId}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }
            payment = await response.JsonAsync();
            return accept(payment);
        }, $"the payment of order {orderId} {what}");
        return payment;
    }

    public static Task<JsonElement> WaitForPaymentStatusAsync(this HttpClient http, string orderId, string status) =>
        http.WaitForPaymentAsync(orderId, p => p.GetProperty("status").GetString() == status, $"to be {status}");

    public static string Status(this JsonElement json) => json.GetProperty("status").GetString()!;

    public static decimal Amount(this JsonElement json, string property) => json.GetProperty(property).GetProperty("amount").GetDecimal();
}
