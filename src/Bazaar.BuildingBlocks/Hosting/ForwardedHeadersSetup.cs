using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.BuildingBlocks.Hosting;

/// <summary>
/// Behind the gateway (and the gateway behind an ingress), the caller's address, scheme and host arrive in
/// <c>X-Forwarded-*</c> headers. They are believed only from loopback and the networks named in
/// <c>Bazaar:TrustedProxies</c>, so a client cannot claim another address to slip past a rate limit, and links a
/// service builds (the JWKS address in the discovery document, say) point at the public host.
/// </summary>
public static class ForwardedHeadersSetup
{
    public static WebApplicationBuilder AddBazaarForwardedHeaders(this WebApplicationBuilder builder)
    {
        var trusted = (builder.Configuration["Bazaar:TrustedProxies"] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(System.Net.IPNetwork.Parse)
            .ToList();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var network in trusted)
            {
                options.KnownIPNetworks.Add(network);
            }
        });
        return builder;
    }
}
