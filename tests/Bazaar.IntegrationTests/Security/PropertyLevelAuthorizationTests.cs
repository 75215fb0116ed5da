using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Bazaar.IntegrationTests.Ordering;
using Xunit;

namespace Bazaar.IntegrationTests.Security;

/// <summary>
/// OWASP API3 (broken object property level authorization): a client cannot set what is not its to set (role, price,
/// total, status), and no response carries a password hash, a card token or another internal field.
/// </summary>
[Collection(SharedHostCollection.Name)]
public sealed class PropertyLevelAuthorizationTests(BazaarHost host)
{
    /// <summary>Names that must never appear in any response, in any casing.</summary>
    private static readonly string[] Internal = ["password", "hash", "salt", "securitystamp", "token", "version", "failedlogins", "lockout", "deadlineat", "capture"];

    [Fact]
    public async Task Registering_with_an_admin_role_makes_a_customer()
    {
        using var http = host.CreateClient();
        var username = "sneaky" + Guid.NewGuid().ToString("N")[..8];
        var response = await http.PostAsJsonAsync("/api/users/register",
            new { username, email = $"{username}@example.com", password = "Correct-Horse-9", role = "admin", isAdmin = true });

        var user = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal("customer", user.GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_checkout_cannot_set_its_own_prices_total_or_status()
    {
        var productId = await host.NewProductAsync(stock: 5, price: 80m);
        var customer = await host.NewCustomerAsync("bargain");
        var body = new
        {
            shippingAddress = Shop.Address,
            paymentMethod = new { type = "card", token = "tok_visa" },
            items = new[] { new { productId, quantity = 1, unitPrice = 0.01m, price = new { amount = 0.01m, currency = "USD" } } },
            total = new { amount = 0.01m, currency = "USD" },
            status = "delivered",
            paymentId = "free",
        };

        var order = await (await customer.Http.PostCheckoutAsync(body)).JsonAsync(HttpStatusCode.Accepted);

        Assert.Equal("pending", order.Status());
        Assert.Equal(80m, order.Amount("total"));
        var paid = await customer.Http.WaitForPaymentStatusAsync(order.GetProperty("id").GetString()!, "captured");
        Assert.Equal(80m, paid.Amount("amount"));
    }

    [Fact]
    public async Task No_response_of_a_whole_journey_carries_a_hash_a_token_of_the_card_or_an_internal_field()
    {
        var productId = await host.NewProductAsync(stock: 5);
        var customer = await host.NewCustomerAsync("fields");
        using var admin = await host.AdminAsync();
        var orderId = await customer.Http.CheckoutAsync(items: TestCatalog.Items(productId, 1));
        await customer.Http.WaitForOrderStatusAsync(orderId, "processing");

        string[] paths = ["/api/users/me", $"/api/users/{customer.Id}", $"/api/orders/{orderId}", "/api/orders", $"/api/payments/order/{orderId}", "/api/notifications", "/api/cart", $"/api/products/{productId}"];
        var leaks = new List<string>();
        foreach (var path in paths)
        {
            leaks.AddRange(Names(await customer.Http.GetFromJsonAsync<JsonElement>(path)).Where(IsInternal).Select(name => $"{path}: {name}"));
            leaks.AddRange(Names(await admin.GetFromJsonAsync<JsonElement>(path)).Where(IsInternal).Select(name => $"{path} (admin): {name}"));
        }
        leaks.AddRange(Names(await admin.GetFromJsonAsync<JsonElement>("/api/users")).Where(IsInternal).Select(name => $"/api/users: {name}"));
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }

    private static bool IsInternal(string name) => Internal.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<string> Names(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Object => json.EnumerateObject().SelectMany(p => Names(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => json.EnumerateArray().SelectMany(Names),
        _ => [],
    };
}
