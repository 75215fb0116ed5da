using Bazaar.BuildingBlocks.Hosting;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.BuildingBlocks.Persistence;
using Bazaar.Contracts.Catalog;
using Bazaar.Contracts.Ordering;
using Bazaar.Contracts.Payment;
using Bazaar.Inventory.Reservations;
using Bazaar.Inventory.Stock;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Inventory;

public static class InventoryModule
{
    public static ServiceModule Module { get; } = new(
        "inventory",
        builder =>
        {
            builder.Services.AddSingleton(builder.Configuration.GetSection("Bazaar:Inventory").Get<InventoryOptions>() ?? new InventoryOptions());
            builder.AddServiceDbContext<InventoryDbContext>();
            builder.Services.AddScoped<StockLedger>();
            builder.Services.AddHostedService<ReservationExpiry>();
            builder.Services
                .AddEventHandler<InventoryDbContext, ProductCreated, OpenStockWhenProductCreated>()
                .AddEventHandler<InventoryDbContext, OrderPlaced, ReserveStockWhenOrderPlaced>()
                .AddEventHandler<InventoryDbContext, PaymentSucceeded, CommitStockWhenPaymentSucceeded>()
                .AddEventHandler<InventoryDbContext, OrderCancelled, ReleaseStockWhenOrderCancelled>();
        },
        (services, cancellationToken) => services.MigrateAsync<InventoryDbContext>(cancellationToken),
        app => app.MapInventoryApi());
}
