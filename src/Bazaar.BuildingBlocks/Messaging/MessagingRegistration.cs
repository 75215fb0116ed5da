using Bazaar.BuildingBlocks.Messaging.Nats;
using Bazaar.BuildingBlocks.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Bazaar.BuildingBlocks.Messaging;

public static class MessagingRegistration
{
    /// <summary>The transport and settings shared by every service in the process.</summary>
    public static IHostApplicationBuilder AddBazaarMessaging(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Bazaar:Messaging").Get<MessagingOptions>() ?? new MessagingOptions();
        builder.Services.TryAddSingleton(options);
        var transport = builder.Configuration["Bazaar:Messaging:Transport"] ?? "inprocess";
        if (transport.Equals("nats", StringComparison.OrdinalIgnoreCase))
        {
            builder.AddNatsTransport();
        }
        else if (!transport.Equals("inprocess", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Unknown Bazaar:Messaging:Transport '{transport}'. Known: inprocess, nats.");
        }
        builder.Services.TryAddSingleton<IEventTransport, InProcessTransport>();
        return builder;
    }

    /// <summary>The outbox relay and the durable consumer of one service.</summary>
    public static IServiceCollection AddServiceMessaging<TContext>(this IServiceCollection services)
        where TContext : ServiceDbContext
    {
        services.AddSingleton<OutboxSignal<TContext>>();
        services.AddSingleton<OutboxSignalInterceptor<TContext>>();
        services.AddHostedService<OutboxRelay<TContext>>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<EventConsumer<TContext>>(sp, DeclarationOf<TContext>(sp)));
        services.AddSingleton<EventConsumer>(sp => sp.GetRequiredService<EventConsumer<TContext>>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<EventConsumer<TContext>>());
        services.AddSingleton(DeclarationOf<TContext>);
        return services;
    }

    public static IServiceCollection AddEventHandler<TContext, TEvent, THandler>(this IServiceCollection services)
        where TContext : ServiceDbContext
        where TEvent : class
        where THandler : class, IEventHandler<TEvent>
    {
        services.AddScoped<THandler>();
        services.AddSingleton(new HandlerBinding<TContext>(
            $"{ServiceNames.Of<TContext>()}/{typeof(THandler).Name}",
            EventTypeName.For(typeof(TEvent)),
            (sp, envelope, context, ct) => sp.GetRequiredService<THandler>().HandleAsync(envelope.DataAs<TEvent>(), context, ct)));
        return services;
    }

    private static ConsumerDeclaration DeclarationOf<TContext>(IServiceProvider services) where TContext : ServiceDbContext =>
        new(ServiceNames.Of<TContext>(), services.GetServices<HandlerBinding<TContext>>().Select(b => b.EventType).ToHashSet());
}
