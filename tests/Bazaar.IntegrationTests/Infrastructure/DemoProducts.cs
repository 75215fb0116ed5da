using Bazaar.Catalog.Seed;

namespace Bazaar.IntegrationTests.Infrastructure;

/// <summary>The seeded demo catalog, which is the same on every start.</summary>
public static class DemoProducts
{
    public static IReadOnlyList<DemoCatalog.SeedProduct> All { get; } = DemoCatalog.Products();

    public static string First => All[0].Id;

    public static string Last => All[^1].Id;

    /// <summary>A product with plenty of stock, distinct per caller so tests sharing a host do not compete for units.</summary>
    public static DemoCatalog.SeedProduct Plentiful(int index) => All.Where(p => p.Stock >= 50).ElementAt(index);
}
