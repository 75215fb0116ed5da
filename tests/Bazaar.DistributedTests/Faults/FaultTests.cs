using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Inventory;
using Bazaar.Contracts.Ordering;
using Bazaar.DistributedTests.Infrastructure;
using Bazaar.IntegrationTests.Infrastructure;
using Bazaar.IntegrationTests.Ordering;
using NATS.Client.JetStream.Models;
using Xunit;

namespace Bazaar.DistributedTests.Faults;

/// <summary>
/// The broker, a consumer, a relay and the database fail in the middle of real work on the scaled-out shop; each test
/// mends what it broke. Afterwards every accepted order is complete, and nothing was published, reserved, charged or
/// e-mailed twice.
/// </summary>
[Collection(ScaledOutShopCollection.Name)]
public sealed class FaultTests(ScaledOutShop shop)
{
    [Fact]
    public async Task Orders_placed_while_NATS_is_down_for_20_seconds_are_accepted_and_all_complete_once_it_is_back()
    {
        var (customer, productId, before) = await PrepareAsync("outage");

        var orderIds = new List<string>();
        await shop.Nats.StopAsync();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                orderIds.Add(await customer.Http.CheckoutAsync(items: TestCatalog.Items(productId, 1)));
                await Task.Delay(TimeSpan.FromSeconds(4));
            }
            foreach (var orderId in orderIds)
            {
                Assert.Equal("pending", (await customer.Http.GetOrderAsync(orderId)).Status());
            }
        }
        finally
        {
            await shop.Nats.StartAsync();
        }

        await AssertSoldOnceAsync(customer, productId, before, orderIds);
    }

    [Fact]
    public async Task A_payment_process_killed_with_SIGKILL_while_charging_gets_the_event_again_and_charges_once()
    {
        var (customer, productId, before) = await PrepareAsync("killed");
        var payments = shop.Replicas("payment");
        // One replica, with a card processor that answers slowly, so the charge is surely in flight when it dies.
        await payments[1].StopAsync();
        await payments[0].StopAsync();
        payments[0].Start(new Dictionary<string, string?> { ["Bazaar:Payment:SandboxLatency"] = "00:01:00" });
        await payments[0].WaitUntilReadyAsync(TimeSpan.FromMinutes(2));

        string orderId;
        ulong deliveriesBeforeKill;
        try
        {
            orderId = await customer.Http.CheckoutAsync(items: TestCatalog.Items(productId, 1));
            var handling = await Eventually.ValueAsync<ConsumerInfo>(
                async () => await JetStreamProbe.ConsumerAsync(shop.Nats.Url, "inventory", "payment"),
                consumer => consumer.NumAckPending > 0,
                "payment to be handling StockReserved");
            deliveriesBeforeKill = handling.Delivered.ConsumerSeq;
            Assert.Equal("pending", (await customer.Http.GetOrderAsync(orderId)).Status());
            await payments[0].KillAsync();
        }
        finally
        {
            await payments[0].StopAsync();
            payments[0].Start(new Dictionary<string, string?> { ["Bazaar:Payment:SandboxLatency"] = "00:00:00" });
            payments[1].Start();
            await Task.WhenAll(payments.Select(p => p.WaitUntilReadyAsync(TimeSpan.FromMinutes(2))));
        }

        await AssertSoldOnceAsync(customer, productId, before, [orderId]);
        // The one StockReserved was delivered again after the kill: that delivery is what charged the card.
        var reserved = await JetStreamProbe.StoredEventsAsync(shop.Nats.Url, typeof(StockReserved));
        AssertStoredOnce(reserved.Where(e => e.DataAs<StockReserved>().OrderId == orderId), orderId);
        var consumer = await JetStreamProbe.ConsumerAsync(shop.Nats.Url, "inventory", "payment");
        Assert.True(consumer.Delivered.ConsumerSeq > deliveriesBeforeKill, "JetStream should have delivered the unacknowledged StockReserved again");
    }

    [Fact]
    public async Task An_order_committed_but_not_yet_published_when_its_relay_is_killed_is_published_once_after_the_restart()
    {
        var (customer, productId, before) = await PrepareAsync("relay");
        var ordering = shop.Replicas("ordering");

        string orderId;
        await shop.Nats.StopAsync();
        try
        {
            // Committed with its OrderPlaced in the outbox; no relay can publish it while the broker is away.
            orderId = await customer.Http.CheckoutAsync(items: TestCatalog.Items(productId, 1));
            foreach (var replica in ordering)
            {
                await replica.KillAsync();
            }
        }
        finally
        {
            await shop.Nats.StartAsync();
        }
        var placedBefore = await JetStreamProbe.StoredEventsAsync(shop.Nats.Url, typeof(OrderPlaced));
        Assert.DoesNotContain(placedBefore, e => e.DataAs<OrderPlaced>().OrderId == orderId);

        foreach (var replica in ordering)
        {
            replica.Start();
        }
        await Task.WhenAll(ordering.Select(p => p.WaitUntilReadyAsync(TimeSpan.FromMinutes(2))));

        await AssertSoldOnceAsync(customer, productId, before, [orderId]);
    }

    [Fact]
    public async Task PostgreSQL_restarted_under_load_makes_services_not_ready_then_they_recover_by_themselves_losing_no_accepted_order()
    {
        var (customer, productId, before) = await PrepareAsync("pgrestart", stock: 1000);
        var processIds = shop.Processes.ToDictionary(p => p.Name, p => p.ProcessId);
        var accepted = new ConcurrentQueue<string>();
        using var stopLoad = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            while (!stopLoad.IsCancellationRequested)
            {
                try
                {
                    var response = await customer.Http.PostCheckoutAsync(Shop.Checkout(items: TestCatalog.Items(productId, 1)));
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        accepted.Enqueue((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
                    }
                }
                catch (HttpRequestException)
                {
                    // Refused while the database is away: not accepted, so nothing to keep.
                }
                await Task.Delay(100);
            }
        });

        await Eventually.TrueAsync(() => Task.FromResult(accepted.Count >= 3), "orders to flow");
        await shop.Postgres.StopAsync();
        try
        {
            using var ordering = new HttpClient { BaseAddress = shop.Replicas("ordering")[0].Url };
            await Eventually.TrueAsync(async () => (await ordering.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable,
                "ordering to report not ready");
            using var gateway = shop.CreateClient();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await gateway.GetAsync("/health/ready")).StatusCode);
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        finally
        {
            await shop.Postgres.StartAgainAsync();
        }

        await Eventually.TrueAsync(async () => await AllReadyAsync(), "every service to be ready again");
        var acceptedAtRecovery = accepted.Count;
        await Eventually.TrueAsync(() => Task.FromResult(accepted.Count >= acceptedAtRecovery + 3), "orders to be accepted again");
        await stopLoad.CancelAsync();
        await load;

        Assert.Equal(processIds, shop.Processes.ToDictionary(p => p.Name, p => p.ProcessId));
        await AssertSoldOnceAsync(customer, productId, before, [.. accepted]);
    }

    private async Task<(Customer Customer, string ProductId, (int Available, int Reserved) Before)> PrepareAsync(string name, int stock = 50)
    {
        using var admin = await shop.AdminAsync();
        var productId = await admin.CreateStockedProductAsync(stock);
        var customer = await shop.NewCustomerAsync(name);
        return (customer, productId, await customer.Http.StockAsync(productId));
    }

    private async Task<bool> AllReadyAsync()
    {
        foreach (var process in shop.Processes.Append(shop.Gateway))
        {
            using var http = new HttpClient { BaseAddress = process.Url, Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK)
                {
                    return false;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Each order (one unit each) paid, its unit sold, and every step done exactly once.</summary>
    private async Task AssertSoldOnceAsync(Customer customer, string productId, (int Available, int Reserved) before, IReadOnlyList<string> orderIds)
    {
        foreach (var orderId in orderIds)
        {
            var order = await customer.Http.WaitForOrderStatusAsync(orderId, "processing");
            var payment = await customer.Http.WaitForPaymentStatusAsync(orderId, "captured");
            Assert.Equal(order.Amount("total"), payment.Amount("amount"));
            Assert.Equal(0m, payment.Amount("refundedAmount"));
        }
        // Reserved once and committed once per order: exactly the units sold left the shelf.
        await customer.Http.WaitForStockAsync(productId, before.Available - orderIds.Count, before.Reserved);

        var placed = await JetStreamProbe.StoredEventsAsync(shop.Nats.Url, typeof(OrderPlaced));
        var confirmed = await JetStreamProbe.StoredEventsAsync(shop.Nats.Url, typeof(OrderConfirmed));
        foreach (var orderId in orderIds)
        {
            AssertStoredOnce(placed.Where(e => e.DataAs<OrderPlaced>().OrderId == orderId), orderId);
            AssertStoredOnce(confirmed.Where(e => e.DataAs<OrderConfirmed>().OrderId == orderId), orderId);
        }
        await Eventually.TrueAsync(() => Task.FromResult(ConfirmationMails(customer).Count >= orderIds.Count), "a confirmation e-mail per order");
        var mails = ConfirmationMails(customer);
        foreach (var orderId in orderIds)
        {
            Assert.Single(mails, m => m.Contains(orderId, StringComparison.Ordinal));
        }
    }

    private static void AssertStoredOnce(IEnumerable<EventEnvelope> events, string orderId)
    {
        var stored = events.ToList();
        Assert.True(stored.Count == 1,
            $"Order {orderId}: {stored.Count} events stored, expected one: {string.Join("; ", stored.Select(e => $"{e.Type} {e.Id} at {e.Time:O}"))}");
    }

    private List<string> ConfirmationMails(Customer customer) =>
        shop.Mails(customer.Email).Where(m => m.Headers["X-Bazaar-Template"] == "order-confirmed").Select(m => m.HtmlBody ?? "").ToList();
}
