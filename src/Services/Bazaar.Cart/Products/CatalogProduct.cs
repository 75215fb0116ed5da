namespace Bazaar.Cart.Products;

/// <summary>
/// Cart's copy of what it needs from catalog (name, price, picture), kept current by catalog's events,
/// so showing a cart never waits on another service.
/// </summary>
public sealed class CatalogProduct
{
    public required string ProductId { get; set; }
    public required string Name { get; set; }
    public decimal Price { get; set; }
    public required string Currency { get; set; }
    public string ImageUrl { get; set; } = "";
    public bool Deleted { get; set; }
}
