using System.Net;
using Bazaar.IntegrationTests.Infrastructure;
using Bazaar.PostgresTests.Infrastructure;
using Npgsql;
using Xunit;

namespace Bazaar.PostgresTests;

public sealed class PostgresShapeTests(PostgresShop shop) : IClassFixture<PostgresShop>
{
    private static readonly string[] Services = ["analytics", "cart", "catalog", "identity", "inventory", "notification", "ordering", "payment"];

    [Fact]
    public async Task Every_service_creates_and_migrates_its_own_database_and_the_catalog_is_seeded()
    {
        await using var connection = shop.Database.Connect();
        await connection.OpenAsync();
        var databases = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'bazaar\\_%' ORDER BY datname", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                databases.Add(reader.GetString(0));
            }
        }
        Assert.Equal(Services.Select(s => "bazaar_" + s), databases);
        foreach (var service in Services)
        {
            await using var serviceConnection = shop.Database.Connect("bazaar_" + service);
            await serviceConnection.OpenAsync();
            await using var history = new NpgsqlCommand("SELECT count(*) FROM \"__EFMigrationsHistory\"", serviceConnection);
            Assert.True((long)(await history.ExecuteScalarAsync())! >= 1, $"{service} has applied its PostgreSQL migrations");
        }

        using var http = shop.Host.CreateClient();
        (await http.GetAsync("/health/ready")).EnsureSuccessStatusCode();
        var listing = await (await http.GetAsync("/api/products?pageSize=1")).JsonAsync();
        Assert.True(listing.GetProperty("totalCount").GetInt32() >= DemoProducts.All.Count);
        Assert.True((await http.StockAsync(DemoProducts.Last)).Available >= 0);
    }

    [Fact]
    public async Task A_checkout_reaches_processing_and_takes_the_units_out_of_stock()
    {
        var customer = await shop.Host.NewCustomerAsync("pg-checkout");
        var product = DemoProducts.Plentiful(0).Id;
        var before = await customer.Http.StockAsync(product);

        await customer.Http.AddToCartAsync(product, 2);
        var orderId = await customer.Http.CheckoutAsync();

        var order = await customer.Http.WaitForOrderStatusAsync(orderId, "processing");
        Assert.Equal(2, order.GetProperty("items")[0].GetProperty("quantity").GetInt32());
        Assert.Equal((before.Available - 2, before.Reserved), await customer.Http.StockAsync(product));
        var payment = await (await customer.Http.GetAsync($"/api/payments/order/{orderId}")).JsonAsync();
        Assert.Equal("captured", payment.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_declined_card_cancels_the_order_and_puts_the_units_back()
    {
        var customer = await shop.Host.NewCustomerAsync("pg-declined");
        var product = DemoProducts.Plentiful(1).Id;
        var before = await customer.Http.StockAsync(product);

        await customer.Http.AddToCartAsync(product, 1);
        var orderId = await customer.Http.CheckoutAsync("tok_chargeDeclined");

        await customer.Http.WaitForOrderStatusAsync(orderId, "cancelled");
        await Eventually.TrueAsync(async () => await customer.Http.StockAsync(product) == before, "the units to return to sale");
    }

    [Fact]
    public async Task Search_with_a_typo_finds_the_headphones()
    {
        using var http = shop.Host.CreateClient();

        var result = await http.SearchAsync("q=headphnoes&pageSize=100");

        var first = result.GetProperty("items")[0];
        Assert.Contains("Headphones", first.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.True(result.GetProperty("facets").EnumerateObject().Any());
    }

    [Fact]
    public async Task Order_filters_accept_times_with_any_offset()
    {
        var customer = await shop.Host.NewCustomerAsync("pg-filter");
        await customer.Http.AddToCartAsync(DemoProducts.Plentiful(2).Id, 1);
        var orderId = await customer.Http.CheckoutAsync();
        using var admin = await shop.Host.AdminAsync();

        // Npgsql writes only UTC instants to timestamptz; a filter in another offset must still work.
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToOffset(TimeSpan.FromHours(2)).ToString("O"));
        var orders = await (await admin.GetAsync($"/api/orders?userId={customer.Id}&from={from}")).JsonAsync();

        Assert.Contains(orders.GetProperty("items").EnumerateArray(), o => o.GetProperty("id").GetString() == orderId);
    }

    [Fact]
    public async Task A_restart_keeps_customers_orders_stock_and_products()
    {
        var customer = await shop.Host.NewCustomerAsync("pg-restart");
        var product = DemoProducts.Plentiful(3).Id;
        await customer.Http.AddToCartAsync(product, 1);
        var orderId = await customer.Http.CheckoutAsync();
        await customer.Http.WaitForOrderStatusAsync(orderId, "processing");
        using var before = shop.Host.CreateClient();
        var stock = await before.StockAsync(product);

        await shop.Host.RestartAsync();

        var tokens = await shop.Host.LoginAsync(customer.Username, customer.Password);
        using var http = shop.Host.CreateClient(tokens.AccessToken);
        var order = await http.GetOrderAsync(orderId);
        Assert.Equal("processing", order.GetProperty("status").GetString());
        Assert.Equal(stock, await http.StockAsync(product));
        var response = await http.GetAsync($"/api/products/{product}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
