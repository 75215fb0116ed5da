using Bazaar.BuildingBlocks.Hosting;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.BuildingBlocks.Persistence;
using Bazaar.Contracts.Inventory;
using Bazaar.Contracts.Ordering;
using Bazaar.Payment.Gateway;
using Bazaar.Payment.Payments;
using Bazaar.Payment.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.Retry;

namespace Bazaar.Payment;

public static class PaymentModule
{
    public static ServiceModule Module { get; } = new(
        "payment",
        builder =>
        {
            var options = builder.Configuration.GetSection("Bazaar:Payment").Get<PaymentOptions>() ?? new PaymentOptions();
            builder.Services.AddSingleton(options);
            builder.AddServiceDbContext<PaymentDbContext>();
            builder.Services.AddSingleton<IPaymentGateway, SandboxGateway>();
            builder.Services.AddScoped<PaymentProcessor>();
            builder.Services.AddResiliencePipeline(PaymentProcessor.PipelineName, pipeline => pipeline
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<TransientGatewayException>(),
                    MaxRetryAttempts = options.GatewayRetries,
                    Delay = options.GatewayRetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                })
                .AddTimeout(TimeSpan.FromSeconds(30)));
            builder.Services
                .AddEventHandler<PaymentDbContext, OrderPlaced, RecordPaymentWhenOrderPlaced>()
                .AddEventHandler<PaymentDbContext, StockReserved, ChargeWhenStockReserved>()
                .AddEventHandler<PaymentDbContext, OrderCancelled, RefundWhenOrderCancelled>();
        },
        (services, cancellationToken) => services.MigrateAsync<PaymentDbContext>(cancellationToken),
        app => app.MapPaymentsApi().MapPaymentWebhooks());
}
