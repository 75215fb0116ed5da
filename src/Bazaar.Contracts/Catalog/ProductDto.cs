namespace Bazaar.Contracts.Catalog;

/// <summary>The product as catalog's public API returns it; other services read prices through it.</summary>
public sealed record ProductDto(
    string Id, string Sku, string Name, string Description, Money Price, string Category,
    string Brand, string ImageUrl, bool InStock, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
