using System.Net;
using System.Net.Http.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Bazaar.IntegrationTests.Ordering;

namespace Bazaar.IntegrationTests.Invariants;

/// <summary>One order ending each way an order can end, so that every rule of the invariant checker has something to check.</summary>
public static class EveryOutcome
{
    public sealed record Orders(string Processing, string Declined, string SoldOut, string CancelledAfterPayment, string Delivered)
    {
        public IReadOnlyList<string> All => [Processing, Declined, SoldOut, CancelledAfterPayment, Delivered];
    }

    public static async Task<Orders> PlaceAsync(ShopUnderTest shop)
    {
        var productId = await shop.NewProductAsync(stock: 5);
        var customer = await shop.NewCustomerAsync("outcomes");
        using var admin = await shop.AdminAsync();
        var http = customer.Http;

        var processing = await http.CheckoutAsync(items: TestCatalog.Items(productId, 1));
        var declined = await http.CheckoutAsync("tok_chargeDeclined", TestCatalog.Items(productId, 1));
        var soldOut = await http.CheckoutAsync(items: TestCatalog.Items(productId, 50));
        var cancelled = await http.CheckoutAsync(items: TestCatalog.Items(productId, 2));
        var delivered = await http.CheckoutAsync(items: TestCatalog.Items(productId, 1));

        await http.WaitForOrderStatusAsync(processing, "processing");
        await http.WaitForOrderStatusAsync(declined, "cancelled");
        await http.WaitForOrderStatusAsync(soldOut, "cancelled");
        await http.WaitForOrderStatusAsync(cancelled, "processing");
        await (await http.DeleteAsync($"/api/orders/{cancelled}")).EnsureStatusAsync(HttpStatusCode.OK);
        await http.WaitForPaymentStatusAsync(cancelled, "refunded");
        await http.WaitForOrderStatusAsync(delivered, "processing");
        foreach (var status in new[] { "shipped", "delivered" })
        {
            await (await admin.PatchAsJsonAsync($"/api/orders/{delivered}/status", new { status })).EnsureStatusAsync(HttpStatusCode.OK);
        }
        return new Orders(processing, declined, soldOut, cancelled, delivered);
    }
}
