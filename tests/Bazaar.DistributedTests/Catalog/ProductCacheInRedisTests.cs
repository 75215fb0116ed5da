using System.Net;
using System.Net.Http.Json;
using Bazaar.Catalog;
using Bazaar.DistributedTests.Infrastructure;
using Bazaar.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Bazaar.DistributedTests.Catalog;

/// <summary>
/// Two catalog processes sharing one database and one Redis, as two replicas do (here one SQLite file in a shared data
/// directory), and an identity process beside them for the admin's token.
/// </summary>
public sealed class ProductCacheInRedisTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly List<BazaarHost> _hosts = [];
    private BazaarHost _identity = null!;
    private BazaarHost _catalog = null!;

    public async Task InitializeAsync()
    {
        _identity = await StartAsync(new() { ["Bazaar:Services"] = "identity" });
        _catalog = await StartAsync(new() { ["Bazaar:Services"] = "catalog", ["Bazaar:DataDirectory"] = _identity.DataDirectory });
        // Catalog refreshes its read model (and clears cached copies) as it handles the demo seed's own events; the
        // tests start once that is over, so it cannot clear what they cache.
        await Eventually.TrueAsync(async () =>
        {
            await using var scope = _catalog.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Inbox.CountAsync() >= DemoProducts.All.Count;
        }, "catalog to handle the demo catalog's events");
    }

    public async Task DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_product_read_lands_in_Redis_and_another_catalog_process_is_served_that_copy()
    {
        var product = DemoProducts.All[5];
        using var first = _catalog.CreateClient();
        await first.GetProductAsync(product.Id);
        Assert.Contains(redis.Keys("bazaar:catalog:"), key => key.EndsWith(product.Id, StringComparison.Ordinal));

        // Renamed behind the cache's back: the second process's database and search index see the new name as it starts,
        // so only the shared cache can still answer with the old one.
        await RenameInDatabaseAsync(product.Id, "Renamed behind the cache");
        var second = await StartAsync(new() { ["Bazaar:Services"] = "catalog", ["Bazaar:DataDirectory"] = _identity.DataDirectory });
        using var secondClient = second.CreateClient();

        Assert.Equal(product.Name, (await secondClient.GetProductAsync(product.Id)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_product_changed_through_one_catalog_process_is_read_changed_through_another()
    {
        var second = await StartAsync(new() { ["Bazaar:Services"] = "catalog", ["Bazaar:DataDirectory"] = _identity.DataDirectory });
        var productId = DemoProducts.All[6].Id;
        var tokens = await _identity.LoginAsync(BazaarHost.AdminEmail, BazaarHost.AdminPassword);
        using var admin = _catalog.CreateClient(tokens.AccessToken);
        var before = await admin.GetProductAsync(productId);

        var newName = MoreShop.UniqueWord("Renamed ");
        var update = await admin.PutAsJsonAsync($"/api/products/{productId}", new
        {
            sku = before.GetProperty("sku").GetString(),
            name = newName,
            description = before.GetProperty("description").GetString(),
            price = new { amount = before.GetProperty("price").GetProperty("amount").GetDecimal(), currency = "USD" },
            category = before.GetProperty("category").GetString(),
            brand = before.GetProperty("brand").GetString(),
        });
        await update.EnsureStatusAsync(HttpStatusCode.OK);

        // The second process started before the change, so its search index still holds the old name; the answer
        // must come from the cache the first process cleared, not from that index or a stale cached copy.
        using var secondClient = second.CreateClient();
        Assert.Equal(newName, (await secondClient.GetProductAsync(productId)).GetProperty("name").GetString());
    }

    private async Task<BazaarHost> StartAsync(Dictionary<string, string?> settings)
    {
        settings["Bazaar:Redis:Configuration"] = redis.Configuration;
        var host = BazaarHost.With(settings);
        _hosts.Add(host);
        await host.InitializeAsync();
        return host;
    }

    private async Task RenameInDatabaseAsync(string productId, string name)
    {
        await using var scope = _catalog.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        await db.Products.Where(p => p.Id == productId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, name));
    }
}
