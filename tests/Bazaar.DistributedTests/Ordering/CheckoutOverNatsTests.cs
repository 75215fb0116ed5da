using System.Net;
using System.Text.Json;
using Bazaar.BuildingBlocks.Messaging.Nats;
using Bazaar.DistributedTests.Infrastructure;
using Bazaar.IntegrationTests.Infrastructure;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Xunit;

namespace Bazaar.DistributedTests.Ordering;

[Collection(NatsCollection.Name)]
public sealed class CheckoutOverNatsTests(NatsServer server)
{
    [Fact]
    public async Task A_checkout_reaches_processing_with_every_event_travelling_through_JetStream()
    {
        var host = BazaarHost.With(new Dictionary<string, string?>
        {
            ["Bazaar:Messaging:Transport"] = "nats",
            ["Bazaar:Messaging:Nats:Url"] = server.Url,
        });
        await host.InitializeAsync();
        try
        {
            var customer = await host.NewCustomerAsync("nats");
            var productId = DemoProducts.Last;
            var before = await customer.Http.StockAsync(productId);

            await customer.Http.AddToCartAsync(productId, 1);
            var orderId = await customer.Http.CheckoutAsync();
            await customer.Http.WaitForOrderStatusAsync(orderId, "processing");
            // Inventory commits the sale from the same PaymentSucceeded event that confirms the order, possibly a moment later.
            await Eventually.TrueAsync(async () => await customer.Http.StockAsync(productId) == (before.Available - 1, before.Reserved),
                "the sold unit to leave inventory");

            await using var connection = new NatsConnection(new NatsOpts { Url = server.Url });
            var js = new NatsJSContext(connection);
            foreach (var service in new[] { "ordering", "inventory", "payment" })
            {
                var stream = await js.GetStreamAsync(NatsTransport.StreamName(service));
                Assert.True(stream.Info.State.Messages > 0, $"{service}'s events should be in its stream");
            }
            var inventory = await js.GetConsumerAsync(NatsTransport.StreamName("ordering"), "inventory");
            Assert.True(inventory.Info.Delivered.ConsumerSeq > 0, "inventory should read ordering's stream through its durable consumer");

            using var http = host.CreateClient();
            var ready = await http.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            var checks = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
            Assert.Contains(checks.EnumerateArray(), c => c.GetProperty("name").GetString() == "nats" && c.GetProperty("status").GetString() == "Healthy");
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
