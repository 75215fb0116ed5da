using Bazaar.BuildingBlocks.Hosting;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.BuildingBlocks.Persistence;
using Bazaar.BuildingBlocks.Redis;
using Bazaar.Cart.Carts;
using Bazaar.Cart.Products;
using Bazaar.Contracts.Catalog;
using Bazaar.Contracts.Ordering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Cart;

public static class CartModule
{
    public static ServiceModule Module { get; } = new(
        "cart",
        builder =>
        {
            builder.Services.AddSingleton(builder.Configuration.GetSection("Bazaar:Cart").Get<CartOptions>() ?? new CartOptions());
            builder.AddServiceDbContext<CartDbContext>();
            builder.Services.AddScoped<CartLocator>();
            if (builder.Configuration.IsRedisConfigured())
            {
                // Redis forgets an untouched anonymous cart by itself (the key's time to live); no sweep needed.
                builder.Services.AddScoped<CartStore, RedisCartStore>();
            }
            else
            {
                builder.Services.AddScoped<CartStore, DatabaseCartStore>();
                builder.Services.AddHostedService<AnonymousCartExpiry>();
            }
            builder.Services
                .AddEventHandler<CartDbContext, ProductCreated, CopyProductWhenProductChanged>()
                .AddEventHandler<CartDbContext, ProductUpdated, CopyProductWhenProductChanged>()
                .AddEventHandler<CartDbContext, ProductDeleted, CopyProductWhenProductChanged>()
                .AddEventHandler<CartDbContext, OrderConfirmed, RemoveOrderedItemsWhenOrderConfirmed>();
        },
        (services, cancellationToken) => services.MigrateAsync<CartDbContext>(cancellationToken),
        app => app.MapCartApi());
}
