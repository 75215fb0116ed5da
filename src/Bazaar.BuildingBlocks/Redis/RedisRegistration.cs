using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Bazaar.BuildingBlocks.Redis;

/// <summary>
/// The distributed shape's Redis: one connection per process, shared by the second-level product cache, the
/// data-protection key ring, carts and the gateway's rate limits. Without <c>Bazaar:Redis:Configuration</c>
/// nothing here is registered and every one of those stays in the process or its database.
/// </summary>
public static class RedisRegistration
{
    public const string ConfigurationKey = "Bazaar:Redis:Configuration";

    /// <summary>Every replica of every service reads and writes the same key ring, so what one protects another can read.</summary>
    public static readonly RedisKey DataProtectionKeys = "bazaar:data-protection:keys";

    public static bool IsRedisConfigured(this IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[ConfigurationKey]);

    public static WebApplicationBuilder AddBazaarRedis(this WebApplicationBuilder builder, IReadOnlyCollection<string> services)
    {
        var configuration = builder.Configuration[ConfigurationKey];
        if (string.IsNullOrWhiteSpace(configuration))
        {
            return builder;
        }

        // Connecting waits for the first request that needs Redis. It never aborts, whatever the configuration
        // string says: a process starts while Redis is down, /health/ready says so, and it reconnects by itself.
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(configuration);
            options.AbortOnConnectFail = false;
            // Replies are handled on the shared thread pool rather than the client's own dedicated threads: on a few
            // cores the hand-off between the two pools cost more than the Redis call (the gateway's limiter makes one
            // per request).
            options.SocketManager = SocketManager.ThreadPool;
            return ConnectionMultiplexer.Connect(options);
        });

        // HybridCache takes any registered IDistributedCache as its second level. The prefix keeps the
        // processes of one service together and apart from other services on the same Redis.
        builder.Services.AddStackExchangeRedisCache(options => options.InstanceName = $"bazaar:{string.Join('+', services)}:");
        builder.Services.AddOptions<RedisCacheOptions>().Configure<IServiceProvider>((options, provider) =>
            options.ConnectionMultiplexerFactory = () => Task.FromResult(provider.GetRequiredService<IConnectionMultiplexer>()));

        builder.Services.AddDataProtection().SetApplicationName("Bazaar");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((options, provider) =>
            options.XmlRepository = new RedisXmlRepository(() => provider.GetRequiredService<IConnectionMultiplexer>().GetDatabase(), DataProtectionKeys));

        builder.Services.AddHealthChecks().AddRedis(provider => provider.GetRequiredService<IConnectionMultiplexer>(), "redis", tags: ["ready"]);
        return builder;
    }
}
