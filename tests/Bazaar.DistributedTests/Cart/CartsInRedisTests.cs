using System.Net;
using System.Text.Json;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Cart;
using Bazaar.Cart.Carts;
using Bazaar.Contracts.Ordering;
using Bazaar.DistributedTests.Infrastructure;
using Bazaar.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Bazaar.DistributedTests.Cart;

public sealed class CartsInRedisTests(RedisShop shop) : IClassFixture<RedisShop>
{
    private static readonly string ProductA = DemoProducts.All[10].Id;
    private static readonly string ProductB = DemoProducts.All[90].Id;
    private static readonly string ProductC = DemoProducts.All[140].Id;

    [Fact]
    public async Task An_anonymous_cart_lives_in_Redis_for_its_lifetime_and_survives_a_restart_of_the_cart_host()
    {
        using var shopper = shop.Host.CreateCookielessClient();
        var cartId = await NewAnonymousCartAsync(shopper);

        // Redis forgets it a lifetime (30 days by default) after its last change; the cart database holds no carts.
        var lifetime = await shop.Redis.Database.KeyTimeToLiveAsync($"bazaar:cart:anonymous:{cartId}");
        Assert.NotNull(lifetime);
        Assert.InRange(lifetime.Value, TimeSpan.FromDays(29), TimeSpan.FromDays(30));
        Assert.Equal(0, await CartRowsAsync());

        await shop.Host.RestartAsync();

        using var afterRestart = shop.Host.CreateCookielessClient();
        var cart = await afterRestart.CartAsync(cartId);
        Assert.Equal(new Dictionary<string, int> { [ProductA] = 2, [ProductB] = 1 }, cart.Lines());
        Assert.Equal(cartId, cart.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Simultaneous_adds_to_one_cart_keep_every_product_and_every_unit()
    {
        var customer = await shop.Host.NewCustomerAsync("redistabs");
        await customer.Http.AddToCartAsync(ProductA, 1);
        var others = DemoProducts.All.Skip(30).Take(3).Select(p => p.Id).ToList();

        var answers = await Task.WhenAll(
            others.Select(id => customer.Http.SendJsonAsync(HttpMethod.Post, "/api/cart/items", new { productId = id, quantity = 1 }))
                .Concat(Enumerable.Range(0, 3).Select(_ => customer.Http.SendJsonAsync(HttpMethod.Post, "/api/cart/items", new { productId = ProductA, quantity = 1 }))));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        var expected = others.ToDictionary(id => id, _ => 1);
        expected[ProductA] = 4;
        Assert.Equal(expected, (await customer.Http.CartAsync()).Lines());
        Assert.True(await shop.Redis.Database.KeyExistsAsync($"bazaar:cart:user:{customer.Id}"));
    }

    [Fact]
    public async Task Signing_in_merges_the_anonymous_cart_into_the_customers_and_removes_it_from_Redis()
    {
        using var anonymous = shop.Host.CreateCookielessClient();
        var cartId = await NewAnonymousCartAsync(anonymous);
        var customer = await shop.Host.NewCustomerAsync("redismerge");
        await customer.Http.AddToCartAsync(ProductA, 1);
        await customer.Http.AddToCartAsync(ProductC, 5);

        var merged = await customer.Http.CartAsync(cartId);

        var expected = new Dictionary<string, int> { [ProductA] = 3, [ProductB] = 1, [ProductC] = 5 };
        Assert.Equal(expected, merged.Lines());
        Assert.False(await shop.Redis.Database.KeyExistsAsync($"bazaar:cart:anonymous:{cartId}"));
        var gone = await anonymous.CartAsync(cartId);
        Assert.Equal(JsonValueKind.Null, gone.GetProperty("id").ValueKind);
        // Presenting the old id again merges nothing twice.
        Assert.Equal(expected, (await customer.Http.CartAsync(cartId)).Lines());
    }

    [Fact]
    public async Task A_confirmed_checkout_empties_the_cart_of_what_was_bought_and_a_redelivered_confirmation_removes_nothing_more()
    {
        var product = DemoProducts.Plentiful(11);
        var customer = await shop.Host.NewCustomerAsync("redischeckout");
        await customer.Http.AddToCartAsync(product.Id, 2);

        var orderId = await customer.Http.CheckoutAsync();
        await customer.Http.WaitForOrderStatusAsync(orderId, "processing");
        await Eventually.TrueAsync(async () => (await customer.Http.CartAsync()).Lines().Count == 0, "the bought items to leave the cart");

        // The same confirmation again, as a broker redelivers it after the cart was written but before the inbox committed.
        await customer.Http.AddToCartAsync(product.Id, 3);
        var confirmed = new OrderConfirmed(orderId, customer.Id, customer.Email, [new OrderLine(product.Id, product.Name, 1m, 2)], 2m, "USD", FromCart: true);
        await using (var scope = shop.Host.Services.CreateAsyncScope())
        {
            var handler = ActivatorUtilities.CreateInstance<RemoveOrderedItemsWhenOrderConfirmed>(scope.ServiceProvider);
            await handler.HandleAsync(confirmed, new EventContext(Guid.NewGuid().ToString(), DateTimeOffset.UtcNow, orderId, 2), CancellationToken.None);
        }

        Assert.Equal(3, (await customer.Http.CartAsync()).Lines()[product.Id]);
    }

    /// <summary>Two of product A and one of B in a new anonymous cart; returns its id.</summary>
    private static async Task<string> NewAnonymousCartAsync(HttpClient shopper)
    {
        var first = await shopper.SendJsonAsync(HttpMethod.Post, "/api/cart/items", new { productId = ProductA, quantity = 2 });
        await first.EnsureStatusAsync(HttpStatusCode.OK);
        var cartId = Assert.Single(first.Headers.GetValues(MoreShop.CartIdHeader));
        await (await shopper.SendJsonAsync(HttpMethod.Post, "/api/cart/items", new { productId = ProductB, quantity = 1 }, cartId)).JsonAsync();
        return cartId;
    }

    private async Task<int> CartRowsAsync()
    {
        await using var scope = shop.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CartDbContext>().Carts.CountAsync();
    }
}
