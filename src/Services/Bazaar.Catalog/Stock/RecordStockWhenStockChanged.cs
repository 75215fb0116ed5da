using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Catalog.Products;
using Bazaar.Catalog.Search;
using Bazaar.Contracts.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Catalog.Stock;

/// <summary>Keeps the "in stock" filter and flag true to inventory's numbers.</summary>
public sealed class RecordStockWhenStockChanged(CatalogDbContext db, ProductSearchIndex index, CatalogReadModel readModel) : IEventHandler<StockChanged>
{
    public async Task HandleAsync(StockChanged message, EventContext context, CancellationToken cancellationToken)
    {
        var product = await db.Products.FirstOrDefaultAsync(p => p.Id == message.ProductId, cancellationToken);
        if (product is null)
        {
            return;
        }
        var stateChanged = product.Available > 0 != message.Available > 0;
        product.Available = message.Available;
        index.SetAvailable(product.Id, message.Available);
        if (stateChanged)
        {
            // In or out of stock shows in search results (the flag and the facet); a count alone does not.
            await readModel.ForgetSearchesAsync(cancellationToken);
        }
    }
}
