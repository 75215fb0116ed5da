using System.Net;
using System.Text.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Ordering;

/// <summary>Runs on both shapes: <see cref="ConcurrencyTests"/> here, and again in the distributed tests.</summary>
public abstract class ConcurrencyScenarios(ShopUnderTest host)
{
    private const int Stock = 20;
    private const int Customers = 10;
    private const int RequestsPerCustomer = 20;

    /// <summary>Two hundred orders are a lot of events for a two-core machine; the bound only stops a hang.</summary>
    private static readonly TimeSpan Settling = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Two_hundred_shoppers_racing_for_twenty_units_buy_exactly_twenty_and_nothing_is_oversold()
    {
        var productId = await host.NewProductAsync(Stock, price: 12.00m);
        var customers = await Task.WhenAll(Enumerable.Range(0, Customers).Select(i => host.NewCustomerAsync($"racer{i}")));

        var responses = await Task.WhenAll(customers
            .SelectMany(c => Enumerable.Range(0, RequestsPerCustomer).Select(_ => c))
            .Select(c => c.Http.PostCheckoutAsync(Shop.Checkout(items: TestCatalog.Items(productId, 1)))));

        var placed = new List<string>();
        foreach (var response in responses)
        {
            placed.Add((await response.JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetString()!);
        }
        Assert.Equal(Customers * RequestsPerCustomer, placed.Distinct().Count());

        var orders = new List<JsonElement>();
        await Eventually.TrueAsync(async () =>
        {
            orders.Clear();
            foreach (var customer in customers)
            {
                var page = await (await customer.Http.GetAsync("/api/orders?pageSize=100")).JsonAsync();
                orders.AddRange(page.GetProperty("items").EnumerateArray());
            }
            return orders.Count == placed.Count && orders.All(o => o.Status() != "pending");
        }, "every racing order to be decided", Settling);

        var sold = orders.Where(o => o.Status() == "processing").ToList();
        var refused = orders.Where(o => o.Status() != "processing").ToList();
        Assert.Equal(Stock, sold.Count);
        Assert.All(refused, o =>
        {
            Assert.Equal("cancelled", o.Status());
            Assert.Equal("insufficient_stock", o.GetProperty("cancellationReason").GetString());
        });
        Assert.Equal(placed.Order(), orders.Select(o => o.GetProperty("id").GetString()!).Order());

        using var admin = await host.AdminAsync();
        await admin.WaitForStockAsync(productId, available: 0, reserved: 0);
        foreach (var order in sold)
        {
            var owner = customers.Single(c => c.Id == order.GetProperty("userId").GetString());
            var payment = await owner.Http.WaitForPaymentStatusAsync(order.GetProperty("id").GetString()!, "captured");
            Assert.Equal(12.00m, payment.Amount("amount"));
        }
        await Eventually.TrueAsync(async () =>
        {
            foreach (var order in refused)
            {
                var response = await admin.GetAsync($"/api/payments/order/{order.GetProperty("id").GetString()}");
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return false;
                }
                var status = (await response.JsonAsync()).Status();
                Assert.True(status is "pending" or "cancelled", $"Refused order {order.GetProperty("id")} has a {status} payment.");
                if (status != "cancelled")
                {
                    return false;
                }
            }
            return true;
        }, "no refused order to be charged", Settling);
        Assert.Equal((0, 0), await admin.StockAsync(productId));
    }
}

[Collection(SharedHostCollection.Name)]
public sealed class ConcurrencyTests(BazaarHost host) : ConcurrencyScenarios(host);
