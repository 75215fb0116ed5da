namespace Bazaar.Inventory;

/// <summary>Bound from <c>Bazaar:Inventory</c>.</summary>
public sealed class InventoryOptions
{
    /// <summary>How long stock stays held for an order that has not been paid.</summary>
    public TimeSpan ReservationTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A product whose available units fall below this raises <c>LowStock</c>.</summary>
    public int LowStockThreshold { get; set; } = 5;

    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromSeconds(5);
}
