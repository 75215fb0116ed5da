using Bazaar.BuildingBlocks.Hosting;
using Bazaar.BuildingBlocks.Redis;
using Bazaar.Gateway.Edge;
using Bazaar.Gateway.Health;
using Bazaar.Gateway.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bazaar.Gateway;

/// <summary>
/// The API gateway (YARP): one public address in front of services that run in their own processes. It owns no
/// data; it routes, refuses bad tokens and floods at the edge, and adds request ids and CORS.
/// </summary>
public static class GatewayModule
{
    private const string CorsPolicy = "gateway";

    public static ServiceModule Module { get; } = new(
        "gateway",
        Register,
        (_, _) => Task.CompletedTask,
        app => app.MapReverseProxy())
    {
        UseMiddleware = app =>
        {
            var maxBody = app.ApplicationServices.GetRequiredService<IConfiguration>().GetValue<long?>("Bazaar:MaxRequestBodyBytes") ?? 1_048_576;
            app.UseRequestIds();
            app.UseCors(CorsPolicy);
            app.UseRequestSizeLimit(maxBody);
            app.UseRateLimiter();
            app.UseEdgeAuthentication();
        },
    };

    private static void Register(WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Bazaar:Gateway");
        var options = section.Get<GatewayOptions>() ?? new GatewayOptions();
        // One origin, or several as a comma-separated value (handy in an environment variable) or as a list.
        options.CorsOrigins = section["CorsOrigins"] is { Length: > 0 } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : options.CorsOrigins;
        if (options.CorsOrigins.Any(origin => origin.Contains('*', StringComparison.Ordinal)))
        {
            // Credentials (the auth cookie, the Authorization header) may only be shared with origins named one by one.
            throw new InvalidOperationException(
                "Bazaar:Gateway:CorsOrigins cannot contain a wildcard: the gateway allows credentials, so every origin must be named.");
        }
        builder.Services.AddSingleton(options);

        var endpoints = builder.Configuration.GetSection("Bazaar:Endpoints").GetChildren()
            .Where(e => !string.IsNullOrWhiteSpace(e.Value))
            .ToDictionary(e => e.Key.ToLowerInvariant(), e => new Uri(e.Value!));

        var proxy = builder.Services.AddReverseProxy();
        var configured = builder.Configuration.GetSection("ReverseProxy");
        if (configured.GetSection("Routes").Exists())
        {
            proxy.LoadFromConfig(configured);
        }
        else
        {
            var (routes, clusters) = DefaultRoutes.For(endpoints);
            proxy.LoadFromMemory(routes, clusters);
        }

        builder.Services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy =>
        {
            if (options.CorsOrigins.Count > 0)
            {
                policy.WithOrigins([.. options.CorsOrigins])
                    .AllowAnyHeader()
                    .AllowAnyMethod()
                    .AllowCredentials()
                    .WithExposedHeaders(RequestIds.Header, "Retry-After", "Location")
                    .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
            }
        }));
        builder.Services.AddGatewayRateLimits(options.RateLimits, shared: builder.Configuration.IsRedisConfigured());

        builder.Services.AddHttpClient(DownstreamHealthCheck.ClientName, http => http.Timeout = options.DownstreamHealthTimeout);
        var health = builder.Services.AddHealthChecks();
        foreach (var (service, endpoint) in endpoints)
        {
            health.Add(new HealthCheckRegistration(
                service,
                sp => new DownstreamHealthCheck(sp.GetRequiredService<IHttpClientFactory>(), endpoint),
                HealthStatus.Unhealthy,
                ["ready"]));
        }
    }
}
