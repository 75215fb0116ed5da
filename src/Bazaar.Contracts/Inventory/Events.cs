namespace Bazaar.Contracts.Inventory;

public sealed record StockLine(string ProductId, int Quantity);

public sealed record StockReserved(string OrderId, DateTimeOffset ExpiresAt, IReadOnlyList<StockLine> Lines);

public sealed record ShortLine(string ProductId, int Requested, int Available);

public sealed record StockReservationFailed(string OrderId, string Reason, IReadOnlyList<ShortLine> ShortLines);

public sealed record StockCommitted(string OrderId);

public sealed record StockReleased(string OrderId, string Reason);

public sealed record ReservationExpired(string OrderId);

/// <summary>Published whenever the sellable quantity of a product changes, so catalog can answer "in stock".</summary>
public sealed record StockChanged(string ProductId, int Available, int Reserved);

public sealed record LowStock(string ProductId, int Available, int Threshold);
