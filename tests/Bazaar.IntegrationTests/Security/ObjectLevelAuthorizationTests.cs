using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Security;

/// <summary>
/// OWASP API1 (broken object level authorization) for carts: a cart is found by its owner's token, or for an anonymous
/// shopper by its id, and a signed-in customer's cart id opens nothing for anyone else. Users, orders, payments and
/// notifications have theirs beside their features (docs/security.md lists them).
/// </summary>
[Collection(SharedHostCollection.Name)]
public sealed class ObjectLevelAuthorizationTests(BazaarHost host)
{
    [Fact]
    public async Task A_customers_cart_id_shows_and_changes_nothing_of_their_cart_for_anyone_else()
    {
        var owner = await host.NewCustomerAsync("cartowner");
        await owner.Http.AddToCartAsync(DemoProducts.First, 2);
        var cartId = (await owner.Http.CartAsync()).GetProperty("id").GetString()!;

        // Anonymously, with the owner's cart id where an anonymous cart's id would go.
        using var anonymous = host.CreateCookielessClient();
        var seen = await anonymous.CartAsync(cartId);
        Assert.Empty(seen.Lines());
        using var add = await anonymous.SendJsonAsync(HttpMethod.Post, "/api/cart/items", new { productId = DemoProducts.Last, quantity = 1 }, cartId);

        // Signed in as someone else, with the same id: nothing merges either way.
        var other = await host.NewCustomerAsync("cartthief");
        using var otherClient = host.CreateCookielessClient(other.Tokens.AccessToken);
        Assert.Empty((await otherClient.CartAsync(cartId)).Lines());

        Assert.Equal(new Dictionary<string, int> { [DemoProducts.First] = 2 }, (await owner.Http.CartAsync()).Lines());
    }
}
