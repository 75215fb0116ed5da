using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace Bazaar.BuildingBlocks.Messaging.Nats;

public static class NatsRegistration
{
    /// <summary>The JetStream transport, its one connection per process, and a readiness check on it.</summary>
    public static IHostApplicationBuilder AddNatsTransport(this IHostApplicationBuilder builder)
    {
        var nats = builder.Configuration.GetSection("Bazaar:Messaging:Nats").Get<NatsOptions>() ?? new NatsOptions();
        builder.Services.TryAddSingleton(nats);
        builder.Services.TryAddSingleton(sp => new NatsConnection(new NatsOpts
        {
            Url = nats.Url,
            Name = "bazaar-" + (builder.Configuration["Bazaar:Services"] ?? "all"),
            LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
        }));
        builder.Services.TryAddSingleton<IEventTransport, NatsTransport>();
        builder.Services.AddHealthChecks().AddCheck<NatsHealthCheck>("nats", tags: ["ready"]);
        return builder;
    }
}
