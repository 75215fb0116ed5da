using System.Net;
using System.Text.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Cart;

/// <summary>Runs on both shapes: <see cref="CartTests"/> here, and again in the distributed tests.</summary>
public abstract class CartScenarios(ShopUnderTest host)
{
    private static readonly string ProductA = DemoProducts.All[10].Id;
    private static readonly string ProductB = DemoProducts.All[90].Id;
    private static readonly string ProductC = DemoProducts.All[140].Id;

    [Fact]
    public async Task An_anonymous_shopper_keeps_their_cart_through_the_cart_id_header()
    {
        using var shopper = host.CreateCookielessClient();

        var first = await shopper.SendJsonAsync(HttpMethod.Post, "/api/cart/items", new { productId = ProductA, quantity = 2 });
        var cart = await first.JsonAsync();
        var cartId = Assert.Single(first.Headers.GetValues(MoreShop.CartIdHeader));
        Assert.Equal(cartId, cart.GetProperty("id").GetString());
        Assert.Null(cart.GetProperty("userId").GetString());

        var second = await shopper.SendJsonAsync(HttpMethod.Post, "/api/cart/items", new { productId = ProductB, quantity = 1 }, cartId);
        Assert.Equal(cartId, (await second.JsonAsync()).GetProperty("id").GetString());

        var read = await shopper.CartAsync(cartId);
        Assert.Equal(new Dictionary<string, int> { [ProductA] = 2, [ProductB] = 1 }, read.Lines());
        var withoutId = await shopper.CartAsync();
        Assert.Empty(withoutId.Lines());
        Assert.Equal(JsonValueKind.Null, withoutId.GetProperty("id").ValueKind);
    }

    [Fact]
    public async Task The_cart_totals_are_current_prices_times_quantities()
    {
        using var shopper = host.CreateCookielessClient();
        var priceA = (await shopper.GetProductAsync(ProductA)).GetProperty("price").GetProperty("amount").GetDecimal();
        var priceB = (await shopper.GetProductAsync(ProductB)).GetProperty("price").GetProperty("amount").GetDecimal();

        var cartId = await NewAnonymousCartAsync(shopper, ProductA, 3);
        var cart = await (await shopper.SendJsonAsync(HttpMethod.Post, "/api/cart/items", new { productId = ProductB, quantity = 2 }, cartId)).JsonAsync();

        Assert.Equal(5, cart.GetProperty("totalQuantity").GetInt32());
        Assert.Equal((priceA * 3) + (priceB * 2), cart.GetProperty("subtotal").GetProperty("amount").GetDecimal());
        Assert.Equal("USD", cart.GetProperty("subtotal").GetProperty("currency").GetString());
        var lineA = cart.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("productId").GetString() == ProductA);
        Assert.Equal(priceA, lineA.GetProperty("unitPrice").GetProperty("amount").GetDecimal());
        Assert.Equal(priceA * 3, lineA.GetProperty("lineTotal").GetProperty("amount").GetDecimal());
        Assert.Equal(DemoProducts.All[10].Name, lineA.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(100)]
    [InlineData(int.MaxValue)]
    public async Task Adding_a_quantity_outside_1_to_99_is_refused_and_starts_no_cart(int quantity)
    {
        using var shopper = host.CreateCookielessClient();

        var response = await shopper.SendJsonAsync(HttpMethod.Post, "/api/cart/items", new { productId = ProductA, quantity });

        await response.ValidationProblemAsync("quantity");
        Assert.False(response.Headers.Contains(MoreShop.CartIdHeader));
    }

    [Fact]
    public async Task Adding_beyond_99_of_one_product_is_refused_and_the_cart_keeps_what_it_had()
    {
        using var shopper = host.CreateCookielessClient();
        var cartId = await NewAnonymousCartAsync(shopper, ProductA, 60);

        var response = await shopper.SendJsonAsync(HttpMethod.Post, "/api/cart/items", new { productId = ProductA, quantity = 40 }, cartId);

        await response.ValidationProblemAsync("quantity");
        Assert.Equal(60, (await shopper.CartAsync(cartId)).Lines()[ProductA]);
        await (await shopper.SendJsonAsync(HttpMethod.Post, "/api/cart/items", new { productId = ProductA, quantity = 39 }, cartId)).JsonAsync();
        Assert.Equal(99, (await shopper.CartAsync(cartId)).Lines()[ProductA]);
    }

    [Fact]
    public async Task Adding_an_unknown_product_names_the_product_id_and_changes_nothing()
    {
        using var shopper = host.CreateCookielessClient();
        var cartId = await NewAnonymousCartAsync(shopper, ProductA, 1);
        var before = (await shopper.CartAsync(cartId)).GetRawText();

        var unknown = await shopper.SendJsonAsync(HttpMethod.Post, "/api/cart/items", new { productId = Guid.NewGuid().ToString(), quantity = 1 }, cartId);
        var missing = await shopper.SendJsonAsync(HttpMethod.Post, "/api/cart/items", new { quantity = 1 }, cartId);

        await unknown.ValidationProblemAsync("productId");
        await missing.ValidationProblemAsync("productId");
        Assert.Equal(before, (await shopper.CartAsync(cartId)).GetRawText());
    }

    [Fact]
    public async Task A_shopper_changes_and_removes_lines_and_empties_the_cart()
    {
        var customer = await host.NewCustomerAsync("cartedit");
        await customer.Http.AddToCartAsync(ProductA, 2);
        await customer.Http.AddToCartAsync(ProductB, 4);

        var changed = await (await customer.Http.SendJsonAsync(HttpMethod.Put, $"/api/cart/items/{ProductA}", new { quantity = 7 })).JsonAsync();
        Assert.Equal(new Dictionary<string, int> { [ProductA] = 7, [ProductB] = 4 }, changed.Lines());
        foreach (var quantity in new[] { 0, 100, -3 })
        {
            await (await customer.Http.SendJsonAsync(HttpMethod.Put, $"/api/cart/items/{ProductA}", new { quantity })).ValidationProblemAsync("quantity");
        }
        await (await customer.Http.SendJsonAsync(HttpMethod.Put, $"/api/cart/items/{ProductC}", new { quantity = 1 })).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(new Dictionary<string, int> { [ProductA] = 7, [ProductB] = 4 }, (await customer.Http.CartAsync()).Lines());

        var removed = await (await customer.Http.DeleteAsync($"/api/cart/items/{ProductB}")).JsonAsync();
        Assert.Equal(new Dictionary<string, int> { [ProductA] = 7 }, removed.Lines());
        await (await customer.Http.DeleteAsync($"/api/cart/items/{ProductB}")).ProblemAsync(HttpStatusCode.NotFound);

        var cleared = await customer.Http.DeleteAsync("/api/cart");
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        var empty = await customer.Http.CartAsync();
        Assert.Empty(empty.Lines());
        Assert.Equal(0, empty.GetProperty("totalQuantity").GetInt32());
        Assert.Equal(0m, empty.GetProperty("subtotal").GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task An_anonymous_cart_merges_into_the_customers_cart_at_sign_in_and_its_id_stops_working()
    {
        using var anonymous = host.CreateCookielessClient();
        var cartId = await NewAnonymousCartAsync(anonymous, ProductA, 2);
        await (await anonymous.SendJsonAsync(HttpMethod.Post, "/api/cart/items", new { productId = ProductB, quantity = 1 }, cartId)).JsonAsync();
        var customer = await host.NewCustomerAsync("merger");
        await customer.Http.AddToCartAsync(ProductA, 1);
        await customer.Http.AddToCartAsync(ProductC, 5);

        var merged = await customer.Http.CartAsync(cartId);

        var expected = new Dictionary<string, int> { [ProductA] = 3, [ProductB] = 1, [ProductC] = 5 };
        Assert.Equal(expected, merged.Lines());
        Assert.Equal(customer.Id, merged.GetProperty("userId").GetString());
        Assert.Equal(expected, (await customer.Http.CartAsync()).Lines());
        var gone = await anonymous.CartAsync(cartId);
        Assert.Empty(gone.Lines());
        Assert.Equal(JsonValueKind.Null, gone.GetProperty("id").ValueKind);
        // Presenting the old id again merges nothing twice.
        Assert.Equal(expected, (await customer.Http.CartAsync(cartId)).Lines());
        var reused = await anonymous.SendJsonAsync(HttpMethod.Post, "/api/cart/items", new { productId = ProductC, quantity = 1 }, cartId);
        await reused.JsonAsync();
        Assert.NotEqual(cartId, Assert.Single(reused.Headers.GetValues(MoreShop.CartIdHeader)));
    }

    [Fact]
    public async Task A_merge_never_puts_more_than_99_of_a_product_in_the_cart()
    {
        using var anonymous = host.CreateCookielessClient();
        var cartId = await NewAnonymousCartAsync(anonymous, ProductA, 60);
        var customer = await host.NewCustomerAsync("bigmerge");
        await customer.Http.AddToCartAsync(ProductA, 50);

        var merged = await customer.Http.CartAsync(cartId);

        Assert.Equal(99, merged.Lines()[ProductA]);
    }

    [Fact]
    public async Task Each_customer_sees_only_their_own_cart_even_with_the_others_cart_id()
    {
        var first = await host.NewCustomerAsync("cartone");
        var second = await host.NewCustomerAsync("carttwo");
        await first.Http.AddToCartAsync(ProductA, 1);
        await second.Http.AddToCartAsync(ProductB, 2);
        var firstCartId = (await first.Http.CartAsync()).GetProperty("id").GetString()!;

        var seenBySecond = await second.Http.CartAsync(firstCartId);

        Assert.Equal(new Dictionary<string, int> { [ProductB] = 2 }, seenBySecond.Lines());
        Assert.Equal(new Dictionary<string, int> { [ProductA] = 1 }, (await first.Http.CartAsync()).Lines());
        await (await second.Http.SendJsonAsync(HttpMethod.Delete, $"/api/cart/items/{ProductA}", null, firstCartId)).ProblemAsync(HttpStatusCode.NotFound);
        using var anonymous = host.CreateCookielessClient();
        Assert.Empty((await anonymous.CartAsync(firstCartId)).Lines());
        Assert.Equal(new Dictionary<string, int> { [ProductA] = 1 }, (await first.Http.CartAsync()).Lines());
    }

    [Fact]
    public async Task Adding_to_the_cart_from_several_tabs_at_once_never_fails_and_counts_what_was_accepted()
    {
        var customer = await host.NewCustomerAsync("tabs");

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            customer.Http.SendJsonAsync(HttpMethod.Post, "/api/cart/items", new { productId = ProductA, quantity = 1 })));

        Assert.All(answers.Select(a => (int)a.StatusCode), status => Assert.InRange(status, 200, 499));
        var accepted = answers.Count(a => a.StatusCode == HttpStatusCode.OK);
        Assert.True(accepted >= 1);
        Assert.Equal(accepted, (await customer.Http.CartAsync()).Lines()[ProductA]);
    }

    [Fact]
    public async Task Adding_to_an_existing_line_from_several_tabs_at_once_counts_every_unit()
    {
        var customer = await host.NewCustomerAsync("tabline");
        await customer.Http.AddToCartAsync(ProductB, 1);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            customer.Http.SendJsonAsync(HttpMethod.Post, "/api/cart/items", new { productId = ProductB, quantity = 1 })));

        Assert.All(answers.Select(a => (int)a.StatusCode), status => Assert.Equal(200, status));
        Assert.Equal(7, (await customer.Http.CartAsync()).Lines()[ProductB]);
    }

    private static async Task<string> NewAnonymousCartAsync(HttpClient shopper, string productId, int quantity)
    {
        var response = await shopper.SendJsonAsync(HttpMethod.Post, "/api/cart/items", new { productId, quantity });
        await response.EnsureStatusAsync(HttpStatusCode.OK);
        return Assert.Single(response.Headers.GetValues(MoreShop.CartIdHeader));
    }
}

[Collection(SharedHostCollection.Name)]
public sealed class CartTests(BazaarHost host) : CartScenarios(host);
