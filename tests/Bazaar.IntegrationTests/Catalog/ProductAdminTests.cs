using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Catalog;

/// <summary>Runs on both shapes: <see cref="ProductAdminTests"/> here, and again in the distributed tests.</summary>
public abstract class ProductAdminScenarios(ShopUnderTest host)
{
    [Fact]
    public async Task An_admin_creates_updates_and_deletes_a_product_and_the_shop_follows_each_step()
    {
        using var admin = await host.AdminAsync();
        using var shopper = host.CreateClient();
        var body = MoreShop.ProductBody(price: 19.99m, category: "Test Kites");
        var sku = (string)body["sku"]!;

        var response = await admin.PostAsJsonAsync("/api/products", body);

        var created = await response.JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal($"/api/products/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(sku, created.GetProperty("sku").GetString());
        Assert.Equal($"/images/products/{id}.svg", created.GetProperty("imageUrl").GetString());
        var read = await shopper.GetProductAsync(id);
        Assert.Equal(body["name"], read.GetProperty("name").GetString());
        Assert.Equal(19.99m, read.GetProperty("price").GetProperty("amount").GetDecimal());
        Assert.Equal("Test Kites", read.GetProperty("category").GetString());
        Assert.Equal(id, Assert.Single((await shopper.SearchAsync($"q={sku}")).GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Contains((await (await shopper.GetAsync("/api/categories")).JsonAsync()).EnumerateArray(), c => c.GetProperty("name").GetString() == "Test Kites");

        body["name"] = "Renamed Test Kite";
        body["price"] = new { amount = 24.75m, currency = "USD" };
        var updated = await (await admin.PutAsJsonAsync($"/api/products/{id}", body)).JsonAsync();
        Assert.Equal("Renamed Test Kite", updated.GetProperty("name").GetString());
        read = await shopper.GetProductAsync(id);
        Assert.Equal("Renamed Test Kite", read.GetProperty("name").GetString());
        Assert.Equal(24.75m, read.GetProperty("price").GetProperty("amount").GetDecimal());

        var deleted = await admin.DeleteAsync($"/api/products/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await shopper.GetAsync($"/api/products/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, (await shopper.SearchAsync($"q={sku}")).GetProperty("totalCount").GetInt32());
        Assert.DoesNotContain((await (await shopper.GetAsync("/api/categories")).JsonAsync()).EnumerateArray(), c => c.GetProperty("name").GetString() == "Test Kites");
        await (await admin.DeleteAsync($"/api/products/{id}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_price_change_shows_on_the_product_at_once_even_after_it_was_read_and_cached()
    {
        using var admin = await host.AdminAsync();
        using var shopper = host.CreateClient();
        var body = MoreShop.ProductBody(price: 30.00m);
        var id = (await admin.CreateProductAsync(body)).GetProperty("id").GetString()!;
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(30.00m, (await shopper.GetProductAsync(id)).GetProperty("price").GetProperty("amount").GetDecimal());
        }

        body["price"] = new { amount = 27.45m, currency = "USD" };
        await (await admin.PutAsJsonAsync($"/api/products/{id}", body)).JsonAsync();

        Assert.Equal(27.45m, (await shopper.GetProductAsync(id)).GetProperty("price").GetProperty("amount").GetDecimal());
        var listed = Assert.Single((await shopper.SearchAsync($"q={body["sku"]}")).GetProperty("items").EnumerateArray());
        Assert.Equal(27.45m, listed.GetProperty("price").GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task A_cart_holding_a_product_shows_its_new_price_after_a_change()
    {
        using var admin = await host.AdminAsync();
        var customer = await host.NewCustomerAsync("pricewatch");
        var body = MoreShop.ProductBody(price: 10.00m, initialStock: 20);
        var id = (await admin.CreateProductAsync(body)).GetProperty("id").GetString()!;
        await Eventually.TrueAsync(async () => (await customer.Http.PostAsJsonAsync("/api/cart/items", new { productId = id, quantity = 3 })).IsSuccessStatusCode,
            "the cart to know the new product");
        Assert.Equal(30.00m, (await customer.Http.CartAsync()).GetProperty("subtotal").GetProperty("amount").GetDecimal());

        body.Remove("initialStock");
        body["price"] = new { amount = 12.50m, currency = "USD" };
        await (await admin.PutAsJsonAsync($"/api/products/{id}", body)).JsonAsync();

        var cart = default(JsonElement);
        await Eventually.TrueAsync(async () =>
        {
            cart = await customer.Http.CartAsync();
            return cart.GetProperty("subtotal").GetProperty("amount").GetDecimal() == 37.50m;
        }, "the cart to show the new price");
        var line = Assert.Single(cart.GetProperty("items").EnumerateArray());
        Assert.Equal(12.50m, line.GetProperty("unitPrice").GetProperty("amount").GetDecimal());
        Assert.Equal(37.50m, line.GetProperty("lineTotal").GetProperty("amount").GetDecimal());
    }

    public static TheoryData<string, string> InvalidProducts => new()
    {
        { "missing name", "name" },
        { "negative price", "price.amount" },
        { "zero price", "price.amount" },
        { "three decimals", "price.amount" },
        { "wrong currency", "price.currency" },
        { "missing price", "price" },
        { "too-long name", "name" },
        { "bad sku", "sku" },
        { "missing category", "category" },
        { "negative initial stock", "initialStock" },
        { "script image url", "imageUrl" },
    };

    [Theory]
    [MemberData(nameof(InvalidProducts))]
    public async Task An_invalid_product_is_refused_field_by_field_and_nothing_is_created(string mistake, string field)
    {
        using var admin = await host.AdminAsync();
        using var shopper = host.CreateClient();
        var word = MoreShop.UniqueWord("inv");
        var body = MoreShop.ProductBody(sku: word, name: $"Invalid {word}");
        switch (mistake)
        {
            case "missing name": body.Remove("name"); break;
            case "negative price": body["price"] = new { amount = -5.00m, currency = "USD" }; break;
            case "zero price": body["price"] = new { amount = 0m, currency = "USD" }; break;
            case "three decimals": body["price"] = new { amount = 9.999m, currency = "USD" }; break;
            case "wrong currency": body["price"] = new { amount = 9.99m, currency = "EUR" }; break;
            case "missing price": body.Remove("price"); break;
            case "too-long name": body["name"] = $"{word} " + new string('n', 200); break;
            case "bad sku": body["sku"] = $"{word}_!"; break;
            case "missing category": body["category"] = "  "; break;
            case "negative initial stock": body["initialStock"] = -1; break;
            case "script image url": body["imageUrl"] = "javascript:alert(1)"; break;
            default: throw new ArgumentOutOfRangeException(nameof(mistake), mistake, null);
        }
        var before = await shopper.ProductCountAsync();

        var response = await admin.PostAsJsonAsync("/api/products", body);

        await response.ValidationProblemAsync(field);
        Assert.Equal(0, (await shopper.SearchAsync($"q={word}")).GetProperty("totalCount").GetInt32());
        Assert.Equal(before, await shopper.ProductCountAsync());
    }

    [Fact]
    public async Task An_invalid_update_is_refused_and_the_product_stays_as_it_was()
    {
        using var admin = await host.AdminAsync();
        using var shopper = host.CreateClient();
        var body = MoreShop.ProductBody(price: 15.00m);
        var id = (await admin.CreateProductAsync(body)).GetProperty("id").GetString()!;
        var before = await shopper.GetProductAsync(id);

        body["price"] = new { amount = -1m, currency = "USD" };
        body["name"] = "Should Not Stick";
        await (await admin.PutAsJsonAsync($"/api/products/{id}", body)).ValidationProblemAsync("price.amount");
        body["price"] = new { amount = 16.00m, currency = "USD" };
        body["initialStock"] = 5;
        await (await admin.PutAsJsonAsync($"/api/products/{id}", body)).ValidationProblemAsync("initialStock");

        Assert.Equal(before.GetRawText(), (await shopper.GetProductAsync(id)).GetRawText());
    }

    [Fact]
    public async Task A_second_product_with_a_taken_sku_is_a_conflict()
    {
        using var admin = await host.AdminAsync();
        using var shopper = host.CreateClient();
        var first = MoreShop.ProductBody();
        await admin.CreateProductAsync(first);
        var before = await shopper.ProductCountAsync();

        var second = MoreShop.ProductBody(sku: ((string)first["sku"]!).ToLowerInvariant());
        await (await admin.PostAsJsonAsync("/api/products", second)).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(before, await shopper.ProductCountAsync());
        Assert.Equal(0, (await shopper.SearchAsync($"q={Uri.EscapeDataString((string)second["name"]!)}")).GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Products_created_at_once_in_a_new_category_and_brand_are_all_created()
    {
        using var admin = await host.AdminAsync();
        using var shopper = host.CreateClient();
        var category = MoreShop.UniqueWord("Cat");
        var brand = MoreShop.UniqueWord("Brand");

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            admin.PostAsJsonAsync("/api/products", MoreShop.ProductBody(category: category, brand: brand))));

        Assert.All(answers.Select(a => (int)a.StatusCode), status => Assert.Equal(201, status));
        Assert.Equal(4, (await shopper.SearchAsync($"category={category}")).GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Products_moved_at_once_into_a_new_category_are_all_moved()
    {
        using var admin = await host.AdminAsync();
        using var shopper = host.CreateClient();
        var bodies = Enumerable.Range(0, 6).Select(_ => MoreShop.ProductBody()).ToList();
        var ids = new List<string>();
        foreach (var body in bodies)
        {
            ids.Add((await admin.CreateProductAsync(body)).GetProperty("id").GetString()!);
        }

        // A few rounds, since each is a race that may happen to run the requests one after the other.
        for (var round = 1; round <= 3; round++)
        {
            var category = MoreShop.UniqueWord("Moved");
            var answers = await Task.WhenAll(bodies.Select((body, i) =>
                admin.PutAsJsonAsync($"/api/products/{ids[i]}", new Dictionary<string, object?>(body) { ["category"] = category })));

            Assert.All(answers.Select(a => (int)a.StatusCode), status => Assert.Equal(200, status));
            foreach (var id in ids)
            {
                Assert.Equal(category, (await shopper.GetProductAsync(id)).GetProperty("category").GetString());
            }
        }
    }

    [Fact]
    public async Task Customers_and_anonymous_callers_cannot_create_change_or_delete_products()
    {
        using var admin = await host.AdminAsync();
        var customer = await host.NewCustomerAsync("notadmin");
        using var anonymous = host.CreateClient();
        var body = MoreShop.ProductBody(price: 50.00m);
        var id = (await admin.CreateProductAsync(body)).GetProperty("id").GetString()!;
        var before = await anonymous.GetProductAsync(id);
        var count = await anonymous.ProductCountAsync();
        var change = new Dictionary<string, object?>(body) { ["price"] = new { amount = 0.01m, currency = "USD" } };

        await (await customer.Http.PostAsJsonAsync("/api/products", MoreShop.ProductBody())).ProblemAsync(HttpStatusCode.Forbidden);
        await (await customer.Http.PutAsJsonAsync($"/api/products/{id}", change)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await customer.Http.DeleteAsync($"/api/products/{id}")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await anonymous.PostAsJsonAsync("/api/products", MoreShop.ProductBody())).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PutAsJsonAsync($"/api/products/{id}", change)).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.DeleteAsync($"/api/products/{id}")).ProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(before.GetRawText(), (await anonymous.GetProductAsync(id)).GetRawText());
        Assert.Equal(count, await anonymous.ProductCountAsync());
    }
}

[Collection(SharedHostCollection.Name)]
public sealed class ProductAdminTests(BazaarHost host) : ProductAdminScenarios(host);
