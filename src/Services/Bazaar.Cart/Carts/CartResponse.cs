using Bazaar.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Cart.Carts;

public sealed record CartLineResponse(string ProductId, string Name, string ImageUrl, Money UnitPrice, int Quantity, Money LineTotal);

public sealed record CartResponse(string? Id, string? UserId, IReadOnlyList<CartLineResponse> Items, int TotalQuantity, Money Subtotal, DateTimeOffset? UpdatedAt)
{
    /// <summary>Prices come from catalog's current prices, never from when the item was added.</summary>
    public static async Task<CartResponse> BuildAsync(CartDbContext db, ShoppingCart? cart, string currency, CancellationToken cancellationToken)
    {
        if (cart is null)
        {
            return new CartResponse(null, null, [], 0, new Money(0, currency), null);
        }

        var ids = cart.Items.Select(i => i.ProductId).ToList();
        var products = await db.Products.AsNoTracking()
            .Where(p => ids.Contains(p.ProductId) && !p.Deleted)
            .ToDictionaryAsync(p => p.ProductId, cancellationToken);
        var lines = cart.Items
            .Where(i => products.ContainsKey(i.ProductId))
            .OrderBy(i => i.AddedAt).ThenBy(i => i.Id)
            .Select(i =>
            {
                var p = products[i.ProductId];
                return new CartLineResponse(p.ProductId, p.Name, p.ImageUrl, new Money(p.Price, p.Currency), i.Quantity, new Money(p.Price * i.Quantity, p.Currency));
            })
            .ToList();
        return new CartResponse(cart.Id, cart.UserId, lines, lines.Sum(l => l.Quantity), new Money(lines.Sum(l => l.LineTotal.Amount), currency), cart.UpdatedAt);
    }
}
