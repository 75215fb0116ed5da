namespace Bazaar.Catalog;

/// <summary>Bound from <c>Bazaar:Catalog</c>.</summary>
public sealed class CatalogOptions
{
    /// <summary>The one currency the shop prices in (ISO 4217).</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>Seed the demo catalog on first start.</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>
    /// Hosts (exact names) whose https URLs a product's <c>imageUrl</c> may point at, such as the shop's CDN; with none,
    /// only paths on this site are accepted.
    /// </summary>
    public List<string> ImageHosts { get; set; } = [];
}
