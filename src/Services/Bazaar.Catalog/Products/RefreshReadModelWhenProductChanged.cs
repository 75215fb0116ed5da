using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Catalog;

namespace Bazaar.Catalog.Products;

/// <summary>
/// Catalog listens to its own product events so that every catalog process, not only the one that took
/// the write, drops its cached copy and re-indexes the product.
/// </summary>
public sealed class RefreshReadModelWhenProductChanged(CatalogDbContext db, CatalogReadModel readModel)
    : IEventHandler<ProductCreated>, IEventHandler<ProductUpdated>, IEventHandler<ProductDeleted>
{
    public Task HandleAsync(ProductCreated message, EventContext context, CancellationToken cancellationToken) =>
        readModel.RefreshAsync(db, message.ProductId, cancellationToken);

    public Task HandleAsync(ProductUpdated message, EventContext context, CancellationToken cancellationToken) =>
        readModel.RefreshAsync(db, message.ProductId, cancellationToken);

    public Task HandleAsync(ProductDeleted message, EventContext context, CancellationToken cancellationToken) =>
        readModel.RefreshAsync(db, message.ProductId, cancellationToken);
}
