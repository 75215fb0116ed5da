using System.Net;
using System.Text.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Cart;

/// <summary>A host of its own: anonymous carts there live two seconds.</summary>
public sealed class AnonymousCartExpiryTests : IAsyncLifetime
{
    private readonly BazaarHost _host = BazaarHost.With(new()
    {
        ["Bazaar:Services"] = "catalog,cart",
        ["Bazaar:Cart:AnonymousCartLifetime"] = "00:00:02",
    });

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task An_anonymous_cart_left_untouched_longer_than_its_lifetime_is_gone()
    {
        using var shopper = _host.CreateCookielessClient();
        var cartId = "";
        var added = default(JsonElement);
        await Eventually.TrueAsync(async () =>
        {
            var response = await shopper.SendJsonAsync(HttpMethod.Post, "/api/cart/items", new { productId = DemoProducts.First, quantity = 2 });
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }
            cartId = response.Headers.GetValues(MoreShop.CartIdHeader).Single();
            added = await response.JsonAsync();
            return true;
        }, "the cart to know the demo catalog");
        // The answer to the add shows the cart; reading it again could already be past its short lifetime on a busy machine.
        Assert.Equal(2, added.Lines()[DemoProducts.First]);

        // Leave the cart alone past its two-second lifetime (the wait sets up the case; it asserts nothing about speed).
        await Task.Delay(TimeSpan.FromSeconds(3));
        var expired = await shopper.CartAsync(cartId);

        Assert.Empty(expired.Lines());
        Assert.Equal(JsonValueKind.Null, expired.GetProperty("id").ValueKind);
        var fresh = await shopper.SendJsonAsync(HttpMethod.Post, "/api/cart/items", new { productId = DemoProducts.First, quantity = 1 }, cartId);
        Assert.Equal(1, (await fresh.JsonAsync()).Lines()[DemoProducts.First]);
        Assert.NotEqual(cartId, fresh.Headers.GetValues(MoreShop.CartIdHeader).Single());
    }
}
