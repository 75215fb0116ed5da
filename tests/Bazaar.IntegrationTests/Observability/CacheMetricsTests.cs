using System.Diagnostics.Metrics;
using Bazaar.BuildingBlocks;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Bazaar.IntegrationTests.Observability;

public sealed class CacheMetricsTests
{
    [Fact]
    public async Task A_lookup_that_computes_its_value_counts_as_a_miss_and_the_next_one_as_a_hit()
    {
        var services = new ServiceCollection().AddMetrics();
        services.AddSingleton<BazaarMetrics>();
        services.AddHybridCache();
        MeteredHybridCache.Decorate(services);
        await using var provider = services.BuildServiceProvider();
        var counted = new List<(string Cache, string Result)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "bazaar.cache.lookups" && instrument.Meter.Scope == provider.GetRequiredService<IMeterFactory>())
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var all = tags.ToArray().ToDictionary(t => t.Key, t => t.Value as string);
            counted.Add((all["cache"]!, all["result"]!));
        });
        listener.Start();
        var cache = provider.GetRequiredService<HybridCache>();

        var first = await cache.GetOrCreateAsync("catalog:product:42", _ => ValueTask.FromResult("kettle"));
        var second = await cache.GetOrCreateAsync("catalog:product:42", _ => ValueTask.FromResult("not asked"));

        Assert.IsType<MeteredHybridCache>(cache);
        Assert.Equal(("kettle", "kettle"), (first, second));
        Assert.Equal([("catalog:product", "miss"), ("catalog:product", "hit")], counted);
    }
}
