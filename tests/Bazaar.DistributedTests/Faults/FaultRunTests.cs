using System.Net;
using Bazaar.DistributedTests.Infrastructure;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Bazaar.DistributedTests.Faults;

/// <summary>
/// One fault per run, each under a steady stream of checkouts on the scaled-out shop, and after each the invariant
/// checker over every service's database and every stream: nothing accepted was lost, nothing oversold, charged or
/// sent twice, nothing left hanging.
/// </summary>
[Collection(ScaledOutShopCollection.Name)]
public sealed class FaultRunTests(ScaledOutShop shop, ITestOutputHelper output)
{
    private static readonly TimeSpan Ready = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Every_service_process_killed_with_SIGKILL_and_restarted_in_turn()
    {
        await using var stream = await CheckoutStream.StartAsync(shop, "kill-each");
        await stream.WaitForMoreAsync(10);
        foreach (var process in shop.Processes.Append(shop.Gateway))
        {
            await process.KillAsync();
            process.Start();
            await process.WaitUntilReadyAsync(Ready);
            await stream.WaitForMoreAsync(5);
        }
        await stream.AssertNothingBrokenAsync(shop, output);
    }

    [Fact]
    public Task NATS_stopped_and_restarted() =>
        OutageAsync("nats-restart", shop.Nats.StopAsync, shop.Nats.StartAsync, TimeSpan.FromSeconds(10));

    [Fact]
    public Task PostgreSQL_restarted() =>
        OutageAsync("postgres-restart", shop.Postgres.StopAsync, shop.Postgres.StartAgainAsync, TimeSpan.FromSeconds(5));

    [Fact]
    public async Task Redis_stopped_degrades_catalog_and_carts_gracefully()
    {
        var customer = await shop.NewCustomerAsync("redis-outage");
        await using var stream = await CheckoutStream.StartAsync(shop, "redis-stop");
        await stream.WaitForMoreAsync(10);
        await shop.Redis.StopAsync();
        try
        {
            // Checkouts with their items still go through; product reads fall back to the database; the cart says it is away.
            await stream.WaitForMoreAsync(20);
            using var anonymous = shop.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/products/{DemoProducts.First}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/products?q=mug")).StatusCode);
            var cart = await customer.Http.GetAsync("/api/cart");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, cart.StatusCode);
            Assert.Equal("application/problem+json", cart.Content.Headers.ContentType?.MediaType);
        }
        finally
        {
            await shop.Redis.StartAsync();
        }
        await Eventually.TrueAsync(async () => (await customer.Http.GetAsync("/api/cart")).StatusCode == HttpStatusCode.OK, "the cart to be back");
        await stream.WaitForMoreAsync(20);
        await stream.AssertNothingBrokenAsync(shop, output);
    }

    [Fact]
    public async Task Payment_paused_with_SIGSTOP_beyond_the_payment_deadline_then_resumed()
    {
        var ordering = shop.Replicas("ordering");
        var payments = shop.Replicas("payment");
        await RestartAsync(ordering, new() { ["Bazaar:Ordering:PaymentReplyTimeout"] = "00:00:05" });
        try
        {
            await using var stream = await CheckoutStream.StartAsync(shop, "paused");
            await stream.WaitForMoreAsync(10);
            foreach (var payment in payments)
            {
                await payment.PauseAsync();
            }
            try
            {
                // Orders reserved meanwhile wait for a payment that cannot answer; ordering cancels them at their deadline.
                await stream.WaitForMoreAsync(10);
                await Task.Delay(TimeSpan.FromSeconds(10));
            }
            finally
            {
                foreach (var payment in payments)
                {
                    await payment.ResumeAsync();
                }
            }
            await stream.WaitForMoreAsync(30);
            await stream.AssertNothingBrokenAsync(shop, output);
        }
        finally
        {
            await RestartAsync(ordering, new() { ["Bazaar:Ordering:PaymentReplyTimeout"] = null });
        }
    }

    /// <summary>A server away for a while in the middle of the stream, then back.</summary>
    private async Task OutageAsync(string name, Func<Task> stop, Func<Task> start, TimeSpan away)
    {
        await using var stream = await CheckoutStream.StartAsync(shop, name);
        await stream.WaitForMoreAsync(10);
        await stop();
        try
        {
            await Task.Delay(away);
        }
        finally
        {
            await start();
        }
        await stream.WaitForMoreAsync(50);
        await stream.AssertNothingBrokenAsync(shop, output);
    }

    private static async Task RestartAsync(IReadOnlyList<ServiceProcess> replicas, Dictionary<string, string?> settings)
    {
        foreach (var replica in replicas)
        {
            await replica.StopAsync();
            replica.Start(settings);
            await replica.WaitUntilReadyAsync(Ready);
        }
    }
}
