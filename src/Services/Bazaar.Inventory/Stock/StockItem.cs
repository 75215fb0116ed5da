namespace Bazaar.Inventory.Stock;

/// <summary>
/// Units of one product: <see cref="Available"/> can still be sold, <see cref="Reserved"/> are held for
/// orders awaiting payment. Both only change through conditional updates in the database, so concurrent
/// checkouts can never drive either below zero.
/// </summary>
public sealed class StockItem
{
    public required string ProductId { get; set; }
    public int Available { get; set; }
    public int Reserved { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
