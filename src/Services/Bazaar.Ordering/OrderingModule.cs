using Bazaar.BuildingBlocks.Hosting;
using Bazaar.BuildingBlocks.Http;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.BuildingBlocks.Persistence;
using Bazaar.Contracts.Inventory;
using Bazaar.Contracts.Payment;
using Bazaar.Ordering.Checkout;
using Bazaar.Ordering.Deadlines;
using Bazaar.Ordering.Orders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Ordering;

public static class OrderingModule
{
    public static ServiceModule Module { get; } = new(
        "ordering",
        builder =>
        {
            builder.Services.AddSingleton(builder.Configuration.GetSection("Bazaar:Ordering").Get<OrderingOptions>() ?? new OrderingOptions());
            builder.AddServiceDbContext<OrderingDbContext>();
            builder.Services.AddServiceClient<CatalogClient>("catalog");
            builder.Services.AddServiceClient<CartClient>("cart");
            builder.Services.AddHostedService<OrderDeadlines>();
            builder.Services
                .AddEventHandler<OrderingDbContext, StockReserved, AdvanceOrderWhenCheckoutReplies>()
                .AddEventHandler<OrderingDbContext, StockReservationFailed, AdvanceOrderWhenCheckoutReplies>()
                .AddEventHandler<OrderingDbContext, PaymentSucceeded, AdvanceOrderWhenCheckoutReplies>()
                .AddEventHandler<OrderingDbContext, StockCommitted, AdvanceOrderWhenCheckoutReplies>()
                .AddEventHandler<OrderingDbContext, PaymentFailed, AdvanceOrderWhenCheckoutReplies>()
                .AddEventHandler<OrderingDbContext, ReservationExpired, AdvanceOrderWhenCheckoutReplies>();
        },
        (services, cancellationToken) => services.MigrateAsync<OrderingDbContext>(cancellationToken),
        app => app.MapCheckoutApi().MapOrdersApi());
}
