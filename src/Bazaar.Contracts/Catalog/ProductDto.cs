using System.ComponentModel;

namespace Bazaar.Contracts.Catalog;

/// <summary>The product as catalog's public API returns it; other services read prices through it.</summary>
/// <remarks>Immutable, which lets HybridCache hand out its cached instance instead of deserializing a copy per read.</remarks>
[ImmutableObject(true)]
public sealed record ProductDto(
    string Id, string Sku, string Name, string Description, Money Price, string Category,
    string Brand, string ImageUrl, bool InStock, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int? MaxPerCustomer);
