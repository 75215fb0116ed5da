using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.BuildingBlocks;

/// <summary>
/// Counts hits and misses of the process's <see cref="HybridCache"/>, which reports none of its own as metrics. A miss
/// is a lookup that ran its factory; a caller that waited for another caller's factory (stampede protection) read no
/// database either, so it counts as a hit. The cache is named by its key's first two segments (<c>catalog:product</c>).
/// </summary>
public sealed class MeteredHybridCache(HybridCache inner, BazaarMetrics metrics) : HybridCache
{
    private static readonly KeyValuePair<string, object?> Hit = new("result", "hit");
    private static readonly KeyValuePair<string, object?> Miss = new("result", "miss");

    /// <summary>Wraps the registered <see cref="HybridCache"/>; call after <c>AddHybridCache</c>.</summary>
    public static void Decorate(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(HybridCache) && !d.IsKeyedService);
        if (registered?.ImplementationType is not { } implementation)
        {
            return;
        }
        services.Remove(registered);
        services.AddSingleton<HybridCache>(sp => new MeteredHybridCache(
            (HybridCache)ActivatorUtilities.CreateInstance(sp, implementation), sp.GetRequiredService<BazaarMetrics>()));
    }

    public static string CacheNameOf(string key)
    {
        var first = key.IndexOf(':', StringComparison.Ordinal);
        var second = first < 0 ? -1 : key.IndexOf(':', first + 1);
        return second < 0 ? key : key[..second];
    }

    public override async ValueTask<T> GetOrCreateAsync<TState, T>(
        string key, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
        HybridCacheEntryOptions? options = null, IEnumerable<string>? tags = null, CancellationToken cancellationToken = default)
    {
        var lookup = new Lookup<TState, T>(state, factory);
        var value = await inner.GetOrCreateAsync(key, lookup, static (l, ct) => l.CreateAsync(ct), options, tags, cancellationToken);
        metrics.CacheLookups.Add(1, new KeyValuePair<string, object?>("cache", CacheNameOf(key)), lookup.Missed ? Miss : Hit);
        return value;
    }

    public override ValueTask SetAsync<T>(string key, T value, HybridCacheEntryOptions? options = null, IEnumerable<string>? tags = null, CancellationToken cancellationToken = default) =>
        inner.SetAsync(key, value, options, tags, cancellationToken);

    public override ValueTask RemoveAsync(string key, CancellationToken cancellationToken = default) => inner.RemoveAsync(key, cancellationToken);

    public override ValueTask RemoveAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default) => inner.RemoveAsync(keys, cancellationToken);

    public override ValueTask RemoveByTagAsync(string tag, CancellationToken cancellationToken = default) => inner.RemoveByTagAsync(tag, cancellationToken);

    public override ValueTask RemoveByTagAsync(IEnumerable<string> tags, CancellationToken cancellationToken = default) => inner.RemoveByTagAsync(tags, cancellationToken);

    private sealed class Lookup<TState, T>(TState state, Func<TState, CancellationToken, ValueTask<T>> factory)
    {
        public bool Missed { get; private set; }

        public ValueTask<T> CreateAsync(CancellationToken cancellationToken)
        {
            Missed = true;
            return factory(state, cancellationToken);
        }
    }
}
