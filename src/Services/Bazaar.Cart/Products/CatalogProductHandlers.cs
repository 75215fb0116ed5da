using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Catalog;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Cart.Products;

public sealed class CopyProductWhenProductChanged(CartDbContext db)
    : IEventHandler<ProductCreated>, IEventHandler<ProductUpdated>, IEventHandler<ProductDeleted>
{
    public Task HandleAsync(ProductCreated message, EventContext context, CancellationToken cancellationToken) =>
        UpsertAsync(message.ProductId, message.Name, message.Price, message.Currency, message.ImageUrl, cancellationToken);

    public Task HandleAsync(ProductUpdated message, EventContext context, CancellationToken cancellationToken) =>
        UpsertAsync(message.ProductId, message.Name, message.Price, message.Currency, message.ImageUrl, cancellationToken);

    public async Task HandleAsync(ProductDeleted message, EventContext context, CancellationToken cancellationToken)
    {
        var product = await db.Products.FirstOrDefaultAsync(p => p.ProductId == message.ProductId, cancellationToken);
        if (product is not null)
        {
            product.Deleted = true;
        }
    }

    private async Task UpsertAsync(string id, string name, decimal price, string currency, string imageUrl, CancellationToken cancellationToken)
    {
        var product = await db.Products.FirstOrDefaultAsync(p => p.ProductId == id, cancellationToken);
        if (product is null)
        {
            db.Products.Add(new CatalogProduct { ProductId = id, Name = name, Price = price, Currency = currency, ImageUrl = imageUrl });
            return;
        }
        product.Name = name;
        product.Price = price;
        product.Currency = currency;
        product.ImageUrl = imageUrl;
        product.Deleted = false;
    }
}
