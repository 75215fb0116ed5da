using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Ordering;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Cart.Carts;

/// <summary>
/// Once a checkout of the cart is confirmed, what was bought leaves the cart; anything added to the cart
/// after the checkout began stays.
/// </summary>
public sealed class RemoveOrderedItemsWhenOrderConfirmed(CartDbContext db) : IEventHandler<OrderConfirmed>
{
    public async Task HandleAsync(OrderConfirmed message, EventContext context, CancellationToken cancellationToken)
    {
        if (!message.FromCart)
        {
            return;
        }
        var cart = await db.Carts.Include(c => c.Items).FirstOrDefaultAsync(c => c.UserId == message.UserId, cancellationToken);
        if (cart is null)
        {
            return;
        }
        foreach (var line in message.Lines)
        {
            var item = cart.Items.FirstOrDefault(i => i.ProductId == line.ProductId);
            if (item is null)
            {
                continue;
            }
            item.Quantity -= line.Quantity;
            if (item.Quantity <= 0)
            {
                cart.Items.Remove(item);
            }
        }
        cart.Touch(db.Time.GetUtcNow());
    }
}
