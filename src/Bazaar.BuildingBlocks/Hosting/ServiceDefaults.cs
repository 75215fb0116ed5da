using System.Text.Json;
using System.Text.Json.Serialization;
using Bazaar.BuildingBlocks.Auth;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.BuildingBlocks.Redis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

namespace Bazaar.BuildingBlocks.Hosting;

public static class ServiceDefaults
{
    /// <summary>What every Bazaar process has, whatever services it hosts.</summary>
    public static WebApplicationBuilder AddBazaarDefaults(this WebApplicationBuilder builder, IReadOnlyCollection<string> services)
    {
        var bazaar = builder.Configuration.GetSection("Bazaar").Get<BazaarOptions>() ?? new BazaarOptions();
        Directory.CreateDirectory(bazaar.DataPath());
        builder.Services.AddSingleton(bazaar);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<BazaarMetrics>();

        // Requests are small JSON documents; anything larger is a mistake or an attack.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = builder.Configuration.GetValue<long?>("Bazaar:MaxRequestBodyBytes") ?? 1_048_576;
            // A client that trickles its headers holds a connection for nothing (slowloris): it gets this long for all of them.
            kestrel.Limits.RequestHeadersTimeout = builder.Configuration.GetValue<TimeSpan?>("Bazaar:RequestHeadersTimeout") ?? TimeSpan.FromSeconds(10);
        });

        builder.Services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            options.SerializerOptions.RespectNullableAnnotations = true;
            options.SerializerOptions.MaxDepth = 32;
            // A number is a JSON number: "10" is a string, and a wrong type is refused.
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
        });

        builder.Services.AddExceptionHandler<OutageExceptionHandler>();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();

        builder.AddBazaarForwardedHeaders();
        builder.AddBazaarAuth();
        builder.AddBazaarMessaging();
        builder.Services.AddHybridCache();
        MeteredHybridCache.Decorate(builder.Services);
        builder.AddBazaarRedis(services);
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Bazaar API";
            document.Info.Description = $"Services in this process: {string.Join(", ", services)}.";
            return Task.CompletedTask;
        }));
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), tags: ["live"]);
        builder.Services.AddSingleton<IHealthCheckPublisher, HealthStatusPublisher>();
        // Checked every 15 s: a readiness alert can then fire within a scrape or two of a probe failing.
        builder.Services.Configure<HealthCheckPublisherOptions>(options => options.Period = TimeSpan.FromSeconds(15));
        builder.Services.AddHostedService<StartupMemoryRelease>();
        builder.AddBazaarTelemetry(services);
        return builder;
    }

    private static void AddBazaarTelemetry(this WebApplicationBuilder builder, IReadOnlyCollection<string> services)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService(services.Count == 1 ? $"bazaar-{services.First()}" : "bazaar")
                .AddAttributes([new("bazaar.services", string.Join(",", services))]))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(BazaarMetrics.MeterName)
                // Npgsql's own connection-pool and command metrics (the distributed shape's databases).
                .AddMeter("Npgsql")
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/metrics"))
                .AddHttpClientInstrumentation()
                .AddSource(MessagingActivities.Source.Name)
                // The gateway's forwarding span, between its request and the service's.
                .AddSource("Yarp.ReverseProxy"));
        if (otlp)
        {
            builder.Logging.AddOpenTelemetry(logging => logging.IncludeScopes = true);
            telemetry.UseOtlpExporter();
        }
    }

    public static WebApplication UseBazaarDefaults(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseUtf8RequestBodies();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealthAsync });
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live"), ResponseWriter = WriteHealthAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") || check.Tags.Contains("live"), ResponseWriter = WriteHealthAsync });
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOpenApi("/openapi/{documentName}.json");
        if (app.DocsEnabled())
        {
            app.MapScalarApiReference("/docs", options => options.WithTitle("Bazaar API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        }
        app.MapDeadLetterApi();
        return app;
    }

    /// <summary>
    /// Whether the API reference page is served at <c>/docs</c>: <c>Bazaar:Docs:Enabled</c>, by default only in
    /// Development. A production shop does not hand out a map of itself unless asked to; the OpenAPI document itself
    /// stays, for clients and the gateway.
    /// </summary>
    public static bool DocsEnabled(this WebApplication app) =>
        app.Configuration.GetValue<bool?>("Bazaar:Docs:Enabled") ?? app.Environment.IsDevelopment();

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            totalDuration = report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
    }
}
