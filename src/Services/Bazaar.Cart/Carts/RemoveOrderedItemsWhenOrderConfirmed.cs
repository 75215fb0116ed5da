using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Ordering;

namespace Bazaar.Cart.Carts;

/// <summary>
/// Once a checkout of the cart is confirmed, what was bought leaves the cart; anything added to the cart
/// after the checkout began stays.
/// </summary>
public sealed class RemoveOrderedItemsWhenOrderConfirmed(CartStore carts, TimeProvider time) : IEventHandler<OrderConfirmed>
{
    public Task HandleAsync(OrderConfirmed message, EventContext context, CancellationToken cancellationToken)
    {
        if (!message.FromCart)
        {
            return Task.CompletedTask;
        }
        return carts.ChangeUserCartOnceAsync(message.UserId, $"order-confirmed:{message.OrderId}", cart =>
        {
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
            cart.Touch(time.GetUtcNow());
        }, cancellationToken);
    }
}
