using Bazaar.BuildingBlocks.Hosting;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.BuildingBlocks.Persistence;
using Bazaar.BuildingBlocks.Redis;
using Bazaar.Catalog.Images;
using Bazaar.Catalog.Products;
using Bazaar.Catalog.Search;
using Bazaar.Catalog.Seed;
using Bazaar.Catalog.Stock;
using Bazaar.Contracts.Catalog;
using Bazaar.Contracts.Inventory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Catalog;

public static class CatalogModule
{
    public static ServiceModule Module { get; } = new(
        "catalog",
        builder =>
        {
            builder.Services.AddSingleton(builder.Configuration.GetSection("Bazaar:Catalog").Get<CatalogOptions>() ?? new CatalogOptions());
            builder.AddServiceDbContext<CatalogDbContext>();
            builder.Services.AddSingleton<ProductSearchIndex>();
            var cacheEntries = CatalogReadModel.EntryOptions(sharedCache: builder.Configuration.IsRedisConfigured());
            var onSqlite = (builder.Configuration.GetSection("Bazaar:Database").Get<DatabaseSettings>() ?? new DatabaseSettings()).ProviderName() == DatabaseProviders.Sqlite;
            // A shared cache means other catalog processes may share the data too; then product reads go through it.
            var inMemory = new CatalogReadsInMemory(Search: onSqlite, Products: onSqlite && !builder.Configuration.IsRedisConfigured());
            builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<CatalogReadModel>(sp, cacheEntries, inMemory));
            builder.Services
                .AddEventHandler<CatalogDbContext, StockChanged, RecordStockWhenStockChanged>()
                .AddEventHandler<CatalogDbContext, ProductCreated, RefreshReadModelWhenProductChanged>()
                .AddEventHandler<CatalogDbContext, ProductUpdated, RefreshReadModelWhenProductChanged>()
                .AddEventHandler<CatalogDbContext, ProductDeleted, RefreshReadModelWhenProductChanged>();
        },
        async (services, cancellationToken) =>
        {
            await services.MigrateAsync<CatalogDbContext>(cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            if (scope.ServiceProvider.GetRequiredService<CatalogOptions>().SeedDemoData)
            {
                await DemoCatalog.SeedAsync(db, cancellationToken);
            }
            await scope.ServiceProvider.GetRequiredService<CatalogReadModel>().LoadAsync(db, cancellationToken);
        },
        app => app.MapProductsApi().MapProductImagesApi());
}
