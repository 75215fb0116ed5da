namespace Bazaar.Inventory.Reservations;

public enum ReservationStatus
{
    Active,
    Committed,
    Released,
    Expired,
    Returned,
}

/// <summary>Units held for one order until it is paid (committed), cancelled (released) or the hold runs out (expired).</summary>
public sealed class Reservation
{
    public required string OrderId { get; set; }
    public ReservationStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public List<ReservationLine> Lines { get; set; } = [];
}

public sealed class ReservationLine
{
    public long Id { get; set; }
    public required string OrderId { get; set; }
    public required string ProductId { get; set; }
    public int Quantity { get; set; }
}
