using System.Net.Http.Headers;
using Bazaar.DistributedTests.Infrastructure;
using Bazaar.IntegrationTests.Infrastructure;
using Bazaar.IntegrationTests.Ordering;
using Npgsql;
using Xunit;

namespace Bazaar.DistributedTests.Faults;

/// <summary>
/// Two replicas each of ordering, inventory and payment share one database per service and one durable consumer per
/// service: the work is split between them and none of it is done twice.
/// </summary>
[Collection(ScaledOutShopCollection.Name)]
public sealed class ScaleOutTests(ScaledOutShop shop)
{
    [Fact]
    public async Task Checkouts_spread_over_two_replicas_of_each_service_are_each_published_reserved_charged_and_emailed_once()
    {
        using var admin = await shop.AdminAsync();
        var productId = await admin.CreateStockedProductAsync(stock: 100);
        var customer = await shop.NewCustomerAsync("scaled");
        var before = await customer.Http.StockAsync(productId);
        var ordering = shop.Replicas("ordering");
        var publishedBefore = await PublishedByAsync(ordering);
        var outboxBefore = await OutboxRowsAsync();

        // Half the checkouts straight to each ordering replica (as a load balancer would spread them), a quarter declined.
        var checkouts = Enumerable.Range(0, 24).Select(async i =>
        {
            using var http = new HttpClient { BaseAddress = ordering[i % 2].Url, Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", customer.Tokens.AccessToken);
            var declined = i % 4 == 3;
            var orderId = await http.CheckoutAsync(declined ? "tok_chargeDeclined" : "tok_visa", TestCatalog.Items(productId, 1));
            return (orderId, declined);
        });
        var orders = await Task.WhenAll(checkouts);
        var sold = orders.Where(o => !o.declined).Select(o => o.orderId).ToList();
        var declinedIds = orders.Where(o => o.declined).Select(o => o.orderId).ToList();

        foreach (var orderId in sold)
        {
            await customer.Http.WaitForOrderStatusAsync(orderId, "processing");
            var payment = await customer.Http.WaitForPaymentStatusAsync(orderId, "captured");
            Assert.Equal((await customer.Http.GetOrderAsync(orderId)).Amount("total"), payment.Amount("amount"));
        }
        foreach (var orderId in declinedIds)
        {
            var order = await customer.Http.WaitForOrderStatusAsync(orderId, "cancelled");
            Assert.Equal("payment_card_declined", order.GetProperty("cancellationReason").GetString());
        }
        // Reserved once per order, committed once per sale, released once per decline.
        await customer.Http.WaitForStockAsync(productId, before.Available - sold.Count, before.Reserved);

        await Eventually.TrueAsync(() => Task.FromResult(Mails("order-confirmed") >= sold.Count && Mails("payment-failed") >= declinedIds.Count),
            "an e-mail per order");
        Assert.Equal(sold.Count, Mails("order-confirmed"));
        Assert.Equal(declinedIds.Count, Mails("payment-failed"));

        // Two relays over one outbox: every row went out exactly once between them.
        await Eventually.TrueAsync(async () => await OutboxBacklogAsync() == 0, "ordering's outbox to be drained");
        var published = await PublishedByAsync(ordering) - publishedBefore;
        Assert.Equal(await OutboxRowsAsync() - outboxBefore, (long)published);

        int Mails(string template) => shop.Mails(customer.Email).Count(m => m.Headers["X-Bazaar-Template"] == template);
    }

    private static async Task<double> PublishedByAsync(IEnumerable<ServiceProcess> replicas)
    {
        var total = 0.0;
        foreach (var replica in replicas)
        {
            total += await PrometheusScrape.SumAsync(replica.Url, "bazaar_events_published_total", "service=\"ordering\"");
        }
        return total;
    }

    private Task<long> OutboxRowsAsync() => CountAsync("SELECT count(*) FROM outbox_messages");

    private Task<long> OutboxBacklogAsync() => CountAsync("SELECT count(*) FROM outbox_messages WHERE \"PublishedAt\" IS NULL");

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = shop.Postgres.Connect("bazaar_ordering");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
