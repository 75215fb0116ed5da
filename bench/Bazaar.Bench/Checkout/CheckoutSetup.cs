using System.Net;
using System.Text.Json;
using Bazaar.Bench.Reporting;
using Bazaar.Bench.Shop;

namespace Bazaar.Bench.Checkout;

/// <summary>What a run needs before its clock starts: a product with ample stock and signed-in customers.</summary>
public sealed record PreparedShop(ShopApi Api, string ProductId, IReadOnlyList<Session> Customers, byte[] CheckoutBody);

public static class CheckoutSetup
{
    private const string CustomerPassword = "Bench-Checkout-Load-7";

    // Registration and login hash a password on purpose slowly (PBKDF2); a few at a time keeps the shop responsive.
    private const int SignUpConcurrency = 4;

    public static async Task<PreparedShop> PrepareAsync(CheckoutSettings settings, CancellationToken cancellationToken)
    {
        var api = ShopApi.Connect(settings.Url);
        var runId = Guid.NewGuid().ToString("N")[..8];

        Report.Progress($"signing in as {settings.AdminEmail} at {settings.Url}");
        var admin = await Session.SignInAsync(api, "admin", settings.AdminEmail, settings.AdminPassword, cancellationToken);

        // A product must be priced in the shop's currency: take it from the catalog when there is one.
        var catalog = await api.GetAsync<PageOf<ProductView>>("/api/products?pageSize=1", null, cancellationToken);
        var currency = catalog.Items.FirstOrDefault()?.Price.Currency ?? "USD";
        var product = await api.SendAsync<ProductView>(HttpMethod.Post, "/api/products", BenchProduct.CreateRequest(runId, currency),
            await admin.AccessTokenAsync(cancellationToken), HttpStatusCode.Created, cancellationToken);
        Report.Progress($"created product {product.Id} ({product.Sku}) with {BenchProduct.OpeningStock} units; waiting for inventory to open its stock");
        await WaitForStockAsync(api, product.Id, cancellationToken);

        Report.Progress($"registering and signing in {settings.Clients} customers");
        var customers = new Session[settings.Clients];
        await Parallel.ForEachAsync(Enumerable.Range(0, settings.Clients),
            new ParallelOptions { MaxDegreeOfParallelism = SignUpConcurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var username = $"bench-{runId}-{i}";
                var user = await api.RegisterAsync(username, $"{username}@bench.example", CustomerPassword, ct);
                customers[i] = await Session.SignInAsync(api, user.Id, username, CustomerPassword, ct);
            });

        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            shippingAddress = new { name = "Bench Shopper", line1 = "1 Load Street", city = "Testville", postalCode = "10001", country = "US" },
            paymentMethod = new { type = "card", token = "tok_visa" },
            items = new[] { new { productId = product.Id, quantity = 1 } },
        }, ShopApi.Json);
        return new PreparedShop(api, product.Id, customers, body);
    }

    /// <summary>The product's stock is opened by inventory when it sees ProductCreated, a moment after the 201.</summary>
    private static async Task WaitForStockAsync(ShopApi api, string productId, CancellationToken cancellationToken)
    {
        var giveUpAt = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTimeOffset.UtcNow < giveUpAt)
        {
            if (await api.FindAsync<StockView>($"/api/inventory/{productId}", null, cancellationToken) is { Available: BenchProduct.OpeningStock })
            {
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
        throw new SetupException($"inventory did not open stock for product {productId} within 60 s");
    }
}
