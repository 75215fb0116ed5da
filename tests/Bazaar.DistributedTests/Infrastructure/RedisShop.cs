using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.DistributedTests.Infrastructure;

/// <summary>The whole shop in one process with Redis configured, on a redis-server of its own.</summary>
public sealed class RedisShop : IAsyncLifetime
{
    public RedisServer Redis { get; } = new();

    public BazaarHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        Host = BazaarHost.With(new() { ["Bazaar:Redis:Configuration"] = Redis.Configuration });
        await Host.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
