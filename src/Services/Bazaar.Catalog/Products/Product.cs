namespace Bazaar.Catalog.Products;

public sealed class Product
{
    public string Id { get; set; } = Guid.CreateVersion7().ToString();
    public required string Sku { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public decimal Price { get; set; }
    public required string Currency { get; set; }
    public int CategoryId { get; set; }
    public Category Category { get; set; } = null!;
    public int BrandId { get; set; }
    public Brand Brand { get; set; } = null!;
    public string ImageUrl { get; set; } = "";

    /// <summary>Units one customer may buy in all (scarce goods: a launch, a limited edition); null for no limit.</summary>
    public int? MaxPerCustomer { get; set; }

    /// <summary>Sellable units as last reported by inventory; catalog only uses it for "in stock".</summary>
    public int Available { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A category or a brand: a name products share, unique regardless of case.</summary>
public abstract class CatalogName
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string NormalizedName { get; set; } = "";
}

public sealed class Category : CatalogName;

public sealed class Brand : CatalogName;
