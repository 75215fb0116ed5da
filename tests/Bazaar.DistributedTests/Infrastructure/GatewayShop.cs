using System.Collections.Concurrent;
using Bazaar.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Bazaar.DistributedTests.Infrastructure;

/// <summary>
/// The embedded shop on one port and a gateway-only Bazaar process on another, every <c>Bazaar:Endpoints:*</c>
/// pointing at the shop and token keys fetched from its identity (JWKS), as in the distributed shape.
/// The shop records the headers it receives, so tests can see what the gateway forwarded.
/// </summary>
public sealed class GatewayShop : IAsyncLifetime
{
    public static readonly string[] Services = ["identity", "catalog", "inventory", "cart", "ordering", "payment", "notification", "analytics"];

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public BazaarHost Shop { get; private set; } = null!;

    public BazaarHost Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Shop = BazaarHost.With([], builder => builder.Services.AddSingleton<IStartupFilter>(new RecordRequests(Received)));
        await Shop.InitializeAsync();
        Gateway = await StartGatewayAsync([]);
    }

    /// <summary>A gateway of its own in front of the shop, with extra settings (a test's own rate limits).</summary>
    public async Task<BazaarHost> StartGatewayAsync(Dictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Bazaar:Services"] = "gateway",
            ["Bazaar:Auth:Authority"] = Shop.BaseAddress.ToString(),
        };
        foreach (var service in Services)
        {
            all[$"Bazaar:Endpoints:{service}"] = Shop.BaseAddress.ToString();
        }
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }
        var gateway = BazaarHost.With(all);
        await gateway.InitializeAsync();
        return gateway;
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Shop.DisposeAsync();
    }

    public sealed record ReceivedRequest(string Path, string? RequestId, string? TraceParent);

    private sealed class RecordRequests(ConcurrentQueue<ReceivedRequest> received) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                var headers = context.Request.Headers;
                received.Enqueue(new ReceivedRequest(context.Request.Path, headers["X-Request-Id"].FirstOrDefault(), headers["traceparent"].FirstOrDefault()));
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
