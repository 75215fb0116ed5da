using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Catalog;
using Bazaar.Contracts.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Inventory.Stock;

/// <summary>Every product catalog creates gets a stock record, with the units it was created with.</summary>
public sealed class OpenStockWhenProductCreated(InventoryDbContext db) : IEventHandler<ProductCreated>
{
    public async Task HandleAsync(ProductCreated message, EventContext context, CancellationToken cancellationToken)
    {
        if (await db.Stock.AnyAsync(s => s.ProductId == message.ProductId, cancellationToken))
        {
            return;
        }
        var available = Math.Max(0, message.InitialStock ?? 0);
        db.Stock.Add(new StockItem { ProductId = message.ProductId, Available = available, UpdatedAt = db.Time.GetUtcNow() });
        db.Publish(new StockChanged(message.ProductId, available, 0), message.ProductId);
    }
}
