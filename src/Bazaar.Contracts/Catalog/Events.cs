namespace Bazaar.Contracts.Catalog;

/// <summary><paramref name="InitialStock"/> lets inventory open a stock record without reading catalog data.</summary>
public sealed record ProductCreated(
    string ProductId, string Sku, string Name, decimal Price, string Currency,
    string Category, string Brand, string ImageUrl, int? InitialStock);

public sealed record ProductUpdated(
    string ProductId, string Sku, string Name, decimal Price, string Currency,
    string Category, string Brand, string ImageUrl);

public sealed record ProductPriceChanged(string ProductId, decimal OldPrice, decimal NewPrice, string Currency);

public sealed record ProductDeleted(string ProductId);
