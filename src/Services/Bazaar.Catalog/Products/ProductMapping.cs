using Bazaar.Contracts;
using Bazaar.Contracts.Catalog;

namespace Bazaar.Catalog.Products;

public static class ProductMapping
{
    /// <summary>Needs <see cref="Product.Category"/> and <see cref="Product.Brand"/> loaded.</summary>
    public static ProductDto ToDto(this Product p) => new(
        p.Id, p.Sku, p.Name, p.Description, new Money(p.Price, p.Currency), p.Category.Name, p.Brand.Name,
        p.ImageUrl, p.Available > 0, p.CreatedAt, p.UpdatedAt, p.MaxPerCustomer);

    public static ProductCreated ToCreatedEvent(this Product p, int? initialStock) => new(
        p.Id, p.Sku, p.Name, p.Price, p.Currency, p.Category.Name, p.Brand.Name, p.ImageUrl, initialStock);

    public static ProductUpdated ToUpdatedEvent(this Product p) => new(
        p.Id, p.Sku, p.Name, p.Price, p.Currency, p.Category.Name, p.Brand.Name, p.ImageUrl);
}
