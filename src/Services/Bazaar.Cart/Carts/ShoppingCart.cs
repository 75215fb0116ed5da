namespace Bazaar.Cart.Carts;

/// <summary>A user's cart, or an anonymous one known by its unguessable id (cookie or <c>X-Cart-Id</c>).</summary>
public sealed class ShoppingCart
{
    public const int MaxQuantity = 99;
    public const int MaxLines = 100;

    public string Id { get; set; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
    public string? UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<CartItem> Items { get; set; } = [];

    /// <summary>Optimistic concurrency: two tabs changing one cart at once cannot lose each other's changes.</summary>
    public int Version { get; set; }

    public void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }

    /// <summary>Adds units, capped at <see cref="MaxQuantity"/> per product (used when carts merge).</summary>
    public void AddCapped(string productId, int quantity, DateTimeOffset now)
    {
        var item = Items.FirstOrDefault(i => i.ProductId == productId);
        if (item is null)
        {
            if (Items.Count < MaxLines)
            {
                Items.Add(new CartItem { CartId = Id, ProductId = productId, Quantity = Math.Min(quantity, MaxQuantity), AddedAt = now });
            }
        }
        else
        {
            item.Quantity = Math.Min(item.Quantity + quantity, MaxQuantity);
        }
        Touch(now);
    }
}

public sealed class CartItem
{
    public long Id { get; set; }
    public required string CartId { get; set; }
    public required string ProductId { get; set; }
    public int Quantity { get; set; }
    public DateTimeOffset AddedAt { get; set; }
}
