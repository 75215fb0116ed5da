using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Inventory;

/// <summary>Runs on both shapes: <see cref="StockTests"/> here, and again in the distributed tests.</summary>
public abstract class StockScenarios(ShopUnderTest host)
{
    [Fact]
    public async Task Anyone_reads_a_products_stock_as_available_and_reserved_units()
    {
        using var anonymous = host.CreateClient();
        var seed = DemoProducts.Plentiful(55);

        var stock = await (await anonymous.GetAsync($"/api/inventory/{seed.Id}")).JsonAsync();

        Assert.Equal(seed.Id, stock.GetProperty("productId").GetString());
        Assert.InRange(stock.GetProperty("available").GetInt32(), 0, seed.Stock);
        Assert.True(stock.GetProperty("reserved").GetInt32() >= 0);
        Assert.InRange(stock.GetProperty("available").GetInt32() + stock.GetProperty("reserved").GetInt32(), 1, seed.Stock);
    }

    [Fact]
    public async Task A_product_created_with_initial_stock_gets_that_stock_and_shows_in_stock()
    {
        using var admin = await host.AdminAsync();

        var stocked = (await admin.CreateProductAsync(MoreShop.ProductBody(initialStock: 17))).GetProperty("id").GetString()!;
        var empty = (await admin.CreateProductAsync(MoreShop.ProductBody())).GetProperty("id").GetString()!;

        await Eventually.TrueAsync(async () => (await admin.GetAsync($"/api/inventory/{stocked}")).StatusCode == HttpStatusCode.OK, "stock to be opened");
        Assert.Equal((17, 0), await admin.StockAsync(stocked));
        await Eventually.TrueAsync(async () => (await admin.GetAsync($"/api/inventory/{empty}")).StatusCode == HttpStatusCode.OK, "stock to be opened");
        Assert.Equal((0, 0), await admin.StockAsync(empty));
        Assert.True((await admin.GetProductAsync(stocked)).GetProperty("inStock").GetBoolean());
        Assert.False((await admin.GetProductAsync(empty)).GetProperty("inStock").GetBoolean());
    }

    [Fact]
    public async Task An_admin_sets_stock_and_moves_it_up_and_down()
    {
        using var admin = await host.AdminAsync();
        var id = await admin.CreateStockedProductAsync(20);

        var set = await (await admin.PutAsJsonAsync($"/api/inventory/{id}", new { available = 40 })).JsonAsync();
        Assert.Equal(40, set.GetProperty("available").GetInt32());
        Assert.Equal((40, 0), await admin.StockAsync(id));

        var up = await (await admin.PatchAsJsonAsync($"/api/products/{id}/stock", new { delta = 5 })).JsonAsync();
        Assert.Equal(45, up.GetProperty("available").GetInt32());
        var down = await (await admin.PatchAsJsonAsync($"/api/products/{id}/stock", new { delta = -12 })).JsonAsync();
        Assert.Equal(33, down.GetProperty("available").GetInt32());

        Assert.Equal((33, 0), await admin.StockAsync(id));
    }

    [Fact]
    public async Task Stock_set_to_zero_shows_the_product_out_of_stock_in_the_catalog()
    {
        using var admin = await host.AdminAsync();
        using var shopper = host.CreateClient();
        var id = await admin.CreateStockedProductAsync(8);
        await Eventually.TrueAsync(async () => (await shopper.GetProductAsync(id)).GetProperty("inStock").GetBoolean(), "the catalog to show the product in stock");

        await (await admin.PutAsJsonAsync($"/api/inventory/{id}", new { available = 0 })).JsonAsync();

        await Eventually.TrueAsync(async () => !(await shopper.GetProductAsync(id)).GetProperty("inStock").GetBoolean(), "the catalog to show the product out of stock");
        var sku = (await shopper.GetProductAsync(id)).GetProperty("sku").GetString();
        Assert.Equal(0, (await shopper.SearchAsync($"q={sku}&inStock=true")).GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Two_admins_setting_stock_at_once_leave_one_of_the_values_they_set()
    {
        using var admin = await host.AdminAsync();
        var id = await admin.CreateStockedProductAsync(20);

        // A few rounds, since each is a race that may happen to run one request after the other.
        for (var round = 1; round <= 5; round++)
        {
            var (first, second) = (40 + round, 10 + round);
            var answers = await Task.WhenAll(
                admin.PutAsJsonAsync($"/api/inventory/{id}", new { available = first }),
                admin.PutAsJsonAsync($"/api/inventory/{id}", new { available = second }));

            Assert.All(answers.Select(a => (int)a.StatusCode), status => Assert.InRange(status, 200, 499));
            var available = (await admin.StockAsync(id)).Available;
            Assert.True(available == first || available == second, $"Round {round}: stock is {available}, but the admins set {first} and {second}.");
        }
    }

    [Fact]
    public async Task Removing_more_than_is_available_is_a_conflict_and_leaves_stock_unchanged()
    {
        using var admin = await host.AdminAsync();
        var id = await admin.CreateStockedProductAsync(10);

        var response = await admin.PatchAsJsonAsync($"/api/products/{id}/stock", new { delta = -11 });

        await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal((10, 0), await admin.StockAsync(id));
        await (await admin.PatchAsJsonAsync($"/api/products/{id}/stock", new { delta = -10 })).JsonAsync();
        Assert.Equal((0, 0), await admin.StockAsync(id));
    }

    /// <summary>One product for all the out-of-bounds cases, each of which must leave its 12 units alone.</summary>
    private static readonly ConditionalWeakTable<ShopUnderTest, Task<string>> OutOfBoundsProduct = new();

    private static async Task<string> CreateOutOfBoundsProductAsync(ShopUnderTest host)
    {
        using var admin = await host.AdminAsync();
        return await admin.CreateStockedProductAsync(12);
    }

    public static TheoryData<string, string, string> OutOfBounds => new()
    {
        { "PUT", """{"available":-1}""", "available" },
        { "PUT", """{"available":1000001}""", "available" },
        { "PUT", """{}""", "available" },
        { "PUT", """{"available":null}""", "available" },
        { "PUT", """{"available":99999999999}""", "" },
        { "PUT", """{"available":1e30}""", "" },
        { "PUT", """{"available":2.5}""", "" },
        { "PUT", """{"available":"ten"}""", "" },
        { "PATCH", """{"delta":0}""", "delta" },
        { "PATCH", """{"delta":1000001}""", "delta" },
        { "PATCH", """{"delta":-1000001}""", "delta" },
        { "PATCH", """{}""", "delta" },
        { "PATCH", """{"delta":99999999999}""", "" },
        { "PATCH", """{"delta":-1e30}""", "" },
        { "PATCH", """{"delta":"five"}""", "" },
        { "PATCH", """{"delta":[5]}""", "" },
    };

    [Theory]
    [MemberData(nameof(OutOfBounds))]
    public async Task A_stock_change_out_of_bounds_is_refused_and_changes_nothing(string method, string json, string field)
    {
        using var admin = await host.AdminAsync();
        var id = await OutOfBoundsProduct.GetValue(host, CreateOutOfBoundsProductAsync);
        var before = await admin.StockAsync(id);
        var path = method == "PUT" ? $"/api/inventory/{id}" : $"/api/products/{id}/stock";

        var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = MoreShop.RawJson(json) });

        if (field.Length > 0)
        {
            await response.ValidationProblemAsync(field);
        }
        else
        {
            await response.ProblemAsync(HttpStatusCode.BadRequest);
        }
        Assert.Equal(before, await admin.StockAsync(id));
        Assert.Equal((12, 0), before);
    }

    [Fact]
    public async Task Customers_and_anonymous_callers_cannot_change_stock()
    {
        using var admin = await host.AdminAsync();
        var customer = await host.NewCustomerAsync("stocker");
        using var anonymous = host.CreateClient();
        var id = await admin.CreateStockedProductAsync(9);

        await (await customer.Http.PutAsJsonAsync($"/api/inventory/{id}", new { available = 500 })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await customer.Http.PatchAsJsonAsync($"/api/products/{id}/stock", new { delta = -9 })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await anonymous.PutAsJsonAsync($"/api/inventory/{id}", new { available = 500 })).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PatchAsJsonAsync($"/api/products/{id}/stock", new { delta = -9 })).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await customer.Http.GetAsync("/api/inventory")).ProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal((9, 0), await admin.StockAsync(id));
    }

    [Fact]
    public async Task Stock_of_an_unknown_product_is_not_found_and_is_not_created_by_writing_it()
    {
        using var admin = await host.AdminAsync();
        var unknown = Guid.NewGuid().ToString();

        await (await admin.GetAsync($"/api/inventory/{unknown}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.PutAsJsonAsync($"/api/inventory/{unknown}", new { available = 5 })).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.PatchAsJsonAsync($"/api/products/{unknown}/stock", new { delta = 5 })).ProblemAsync(HttpStatusCode.NotFound);

        await (await admin.GetAsync($"/api/inventory/{unknown}")).ProblemAsync(HttpStatusCode.NotFound);
    }
}

[Collection(SharedHostCollection.Name)]
public sealed class StockTests(BazaarHost host) : StockScenarios(host);
