using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Catalog;
using Bazaar.Catalog.Products;
using Bazaar.Contracts.Catalog;
using Bazaar.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Bazaar.IntegrationTests.Messaging;

/// <summary>Fails on the products it is told to, and counts every call per product.</summary>
public sealed class FailingProductProbe : IEventHandler<ProductUpdated>
{
    public static readonly ConcurrentDictionary<string, bool> Failing = new();
    public static readonly ConcurrentDictionary<string, int> Calls = new();

    public Task HandleAsync(ProductUpdated message, EventContext context, CancellationToken cancellationToken)
    {
        Calls.AddOrUpdate(message.ProductId, 1, (_, n) => n + 1);
        return Failing.GetValueOrDefault(message.ProductId)
            ? throw new InvalidOperationException($"Probe failure for product {message.ProductId}.")
            : Task.CompletedTask;
    }
}

/// <summary>Counts how often it is applied per product.</summary>
public sealed class CountingPriceProbe : IEventHandler<ProductPriceChanged>
{
    public static readonly ConcurrentDictionary<string, int> Applied = new();

    public Task HandleAsync(ProductPriceChanged message, EventContext context, CancellationToken cancellationToken)
    {
        Applied.AddOrUpdate(message.ProductId, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}

/// <summary>A shop whose catalog service also runs the two probes.</summary>
public sealed class ProbedHost() : BazaarHost([], builder => builder.Services
    .AddEventHandler<CatalogDbContext, ProductUpdated, FailingProductProbe>()
    .AddEventHandler<CatalogDbContext, ProductPriceChanged, CountingPriceProbe>())
{
    public CatalogDbContext OpenCatalog() => OpenCatalog(this);

    /// <summary>The catalog database as a second process would see it.</summary>
    public static CatalogDbContext OpenCatalog(BazaarHost host) => new(
        new DbContextOptionsBuilder<CatalogDbContext>().UseSqlite($"Data Source={Path.Combine(host.DataDirectory, "catalog.db")}").Options,
        TimeProvider.System);
}

public sealed class MessagingTests(ProbedHost host) : IClassFixture<ProbedHost>
{
    [Fact]
    public async Task A_handler_that_keeps_failing_is_retried_then_dead_lettered_and_applied_once_when_replayed()
    {
        var maxDeliveries = host.Services.GetRequiredService<MessagingOptions>().MaxDeliveries;
        var productId = DemoProducts.Plentiful(0).Id;
        FailingProductProbe.Failing[productId] = true;
        using var admin = await host.AdminAsync();
        var customer = await host.NewCustomerAsync("curious");
        var product = await (await admin.GetAsync($"/api/products/{productId}")).JsonAsync();

        var renamed = await (await admin.PutAsJsonAsync($"/api/products/{productId}", new
        {
            sku = product.GetProperty("sku").GetString(),
            name = product.GetProperty("name").GetString() + " (renamed)",
            description = product.GetProperty("description").GetString(),
            price = new { amount = product.GetProperty("price").GetProperty("amount").GetDecimal(), currency = "USD" },
            category = product.GetProperty("category").GetString(),
            brand = product.GetProperty("brand").GetString(),
        })).JsonAsync();
        Assert.EndsWith("(renamed)", renamed.GetProperty("name").GetString(), StringComparison.Ordinal);

        var letter = await Eventually.ValueAsync<JsonElement?>(
            async () => (await DeadLettersAsync(admin, "")).Where(d => d.GetProperty("handler").GetString() == "catalog/FailingProductProbe").Select(d => (JsonElement?)d).FirstOrDefault(),
            _ => true, "the probe's event to be dead-lettered");
        var id = letter!.Value.GetProperty("id").GetString()!;
        Assert.Equal("bazaar.catalog.product-updated", letter.Value.GetProperty("type").GetString());
        Assert.Equal(maxDeliveries, letter.Value.GetProperty("attempts").GetInt32());
        Assert.Contains("Probe failure", letter.Value.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(maxDeliveries, FailingProductProbe.Calls[productId]);

        Assert.Equal(HttpStatusCode.Forbidden, (await customer.Http.GetAsync("/api/admin/dead-letters")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.Http.PostAsync($"/api/admin/dead-letters/{id}/replay", null)).StatusCode);
        Assert.Equal(maxDeliveries, FailingProductProbe.Calls[productId]);

        FailingProductProbe.Failing[productId] = false;
        var replayed = await (await admin.PostAsync($"/api/admin/dead-letters/{id}/replay", null)).JsonAsync();

        Assert.True(replayed.GetProperty("succeeded").GetBoolean());
        Assert.Equal(maxDeliveries + 1, FailingProductProbe.Calls[productId]);
        Assert.DoesNotContain(await DeadLettersAsync(admin, ""), d => d.GetProperty("id").GetString() == id);
        var history = Assert.Single(await DeadLettersAsync(admin, "?includeReplayed=true"), d => d.GetProperty("id").GetString() == id);
        Assert.NotEqual(JsonValueKind.Null, history.GetProperty("replayedAt").ValueKind);

        // A second replay finds the event in the handler's inbox and applies nothing.
        await (await admin.PostAsync($"/api/admin/dead-letters/{id}/replay", null)).EnsureStatusAsync(HttpStatusCode.OK);
        Assert.Equal(maxDeliveries + 1, FailingProductProbe.Calls[productId]);
        await (await admin.PostAsync("/api/admin/dead-letters/catalog-999999/replay", null)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_redelivered_event_is_applied_once()
    {
        var transport = host.Services.GetRequiredService<IEventTransport>();
        var productId = "probe-" + Guid.NewGuid().ToString("N")[..20];
        var markerId = productId + "-marker";
        var envelope = EventEnvelope.Create(new ProductPriceChanged(productId, 10m, 12m, "USD"), productId, DateTimeOffset.UtcNow);
        // Same subject, so the marker queues behind both copies and shows they were both handled.
        var marker = EventEnvelope.Create(new ProductPriceChanged(markerId, 10m, 12m, "USD"), productId, DateTimeOffset.UtcNow);

        await transport.PublishAsync(envelope, CancellationToken.None);
        await transport.PublishAsync(envelope, CancellationToken.None);
        await transport.PublishAsync(marker, CancellationToken.None);

        await Eventually.TrueAsync(() => Task.FromResult(CountingPriceProbe.Applied.ContainsKey(markerId)), "the marker event to be handled");
        Assert.Equal(1, CountingPriceProbe.Applied[productId]);
        await using var db = host.OpenCatalog();
        Assert.Equal(1, await db.Inbox.CountAsync(i => i.EventId == envelope.Id && i.Handler == "catalog/CountingPriceProbe"));
    }

    [Fact]
    public async Task A_change_committed_just_before_a_crash_still_reaches_the_other_services_after_restart()
    {
        var crashing = BazaarHost.With([]);
        try
        {
            await crashing.InitializeAsync();
            var productId = DemoProducts.Plentiful(1).Id;
            var customer = await crashing.NewCustomerAsync("patient");
            await Eventually.TrueAsync(async () => (await customer.Http.PostAsJsonAsync("/api/cart/items", new { productId, quantity = 1 })).StatusCode == HttpStatusCode.OK,
                "the product to reach the cart service");
            var oldPrice = (await CartAsync(customer)).GetProperty("items")[0].GetProperty("unitPrice").GetProperty("amount").GetDecimal();
            var newPrice = oldPrice + 7.00m;

            await crashing.StopAsync();
            long outboxId;
            await using (var db = ProbedHost.OpenCatalog(crashing))
            {
                // What ProductsApi's update does, committed while nothing runs to relay it.
                var product = await db.Products.Include(p => p.Category).Include(p => p.Brand).SingleAsync(p => p.Id == productId);
                product.Price = newPrice;
                product.UpdatedAt = DateTimeOffset.UtcNow;
                db.Publish(product.ToUpdatedEvent(), product.Id);
                var outbox = db.ChangeTracker.Entries<OutboxMessage>().Single().Entity;
                await db.SaveChangesAsync();
                outboxId = outbox.Id;
            }
            await using (var db = ProbedHost.OpenCatalog(crashing))
            {
                Assert.Null((await db.Outbox.SingleAsync(m => m.Id == outboxId)).PublishedAt);
            }
            await crashing.StartAsync();

            await Eventually.TrueAsync(async () =>
                (await CartAsync(customer)).GetProperty("items")[0].GetProperty("unitPrice").GetProperty("amount").GetDecimal() == newPrice,
                "the cart to show the new price");
            var shown = await (await customer.Http.GetAsync($"/api/products/{productId}")).JsonAsync();
            Assert.Equal(newPrice, shown.GetProperty("price").GetProperty("amount").GetDecimal());
            await Eventually.TrueAsync(async () =>
            {
                await using var db = ProbedHost.OpenCatalog(crashing);
                return (await db.Outbox.SingleAsync(m => m.Id == outboxId)).PublishedAt is not null;
            }, "the outbox row to be marked published");
        }
        finally
        {
            await crashing.DisposeAsync();
        }
    }

    private static async Task<List<JsonElement>> DeadLettersAsync(HttpClient admin, string query) =>
        [.. (await (await admin.GetAsync($"/api/admin/dead-letters{query}")).JsonAsync()).EnumerateArray()];

    private static async Task<JsonElement> CartAsync(Customer customer) => await (await customer.Http.GetAsync("/api/cart")).JsonAsync();
}
