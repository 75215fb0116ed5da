using Bazaar.Analytics.Anomalies;
using Bazaar.Analytics.Lake;
using Bazaar.Analytics.Processing;
using Bazaar.Analytics.Results;
using Bazaar.Analytics.Sources;
using Bazaar.Analytics.Windows;
using Bazaar.BuildingBlocks.Hosting;
using Bazaar.BuildingBlocks.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Analytics;

public static class AnalyticsModule
{
    public static ServiceModule Module { get; } = new(
        "analytics",
        builder =>
        {
            var options = builder.Configuration.GetSection("Bazaar:Analytics").Get<AnalyticsOptions>() ?? new AnalyticsOptions();
            options.Validate();
            var anomalies = builder.Configuration.GetSection("Bazaar:Analytics:Anomalies").Get<AnomalyOptions>() ?? new AnomalyOptions();
            anomalies.Validate();
            builder.Services.AddSingleton(options);
            builder.Services.AddSingleton(anomalies);
            builder.AddServiceDbContext<AnalyticsDbContext>();
            builder.AddAnalyticsLake();
            builder.Services.AddSingleton<ResultFeed>();

            var transport = builder.Configuration["Bazaar:Messaging:Transport"] ?? "inprocess";
            if (transport.Equals("nats", StringComparison.OrdinalIgnoreCase))
            {
                builder.Services.AddSingleton<AnalyticsSource, JetStreamSource>();
            }
            else
            {
                // The in-process bus keeps nothing: analytics stores what it delivers in its own log, and reads that.
                builder.Services.AddSingleton(InputLogWriter.Declaration);
                builder.Services.AddSingleton<InputLogWriter>();
                builder.Services.AddHostedService(sp => sp.GetRequiredService<InputLogWriter>());
                builder.Services.AddSingleton<AnalyticsSource, InputLogSource>();
            }
            builder.Services.AddHostedService<StreamProcessor>();
        },
        (services, cancellationToken) => services.MigrateAsync<AnalyticsDbContext>(cancellationToken),
        app => app.MapAnalyticsApi());
}
