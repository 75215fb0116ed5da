using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bazaar.BuildingBlocks.Http;

/// <summary>
/// Base addresses of other services: <c>Bazaar:Endpoints:&lt;service&gt;</c> when set (the distributed
/// shape), otherwise this process's own address, since in the embedded shape every service is here.
/// </summary>
public sealed class ServiceEndpoints(IConfiguration configuration, IServer server)
{
    public Uri For(string service)
    {
        if (configuration[$"Bazaar:Endpoints:{service}"] is { Length: > 0 } configured)
        {
            return new Uri(configured);
        }

        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException($"No address for service '{service}': set Bazaar:Endpoints:{service}.");
        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::" or "localhost")
        {
            uri.Host = "127.0.0.1";
        }
        return uri.Uri;
    }
}

public static class ServiceClientRegistration
{
    /// <summary>A typed client for another service's public API, with timeouts, retries with jitter and a circuit breaker.</summary>
    public static IHttpClientBuilder AddServiceClient<TClient>(this IServiceCollection services, string service)
        where TClient : class
    {
        services.TryAddSingleton<ServiceEndpoints>();
        var builder = services.AddHttpClient<TClient>((sp, client) => client.BaseAddress = sp.GetRequiredService<ServiceEndpoints>().For(service));
        builder.AddStandardResilienceHandler();
        return builder;
    }
}
