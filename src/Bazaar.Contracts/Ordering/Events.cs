namespace Bazaar.Contracts.Ordering;

public sealed record OrderLine(string ProductId, string Name, decimal UnitPrice, int Quantity);

public sealed record ShippingAddress(string Name, string Line1, string City, string PostalCode, string Country, string? Region);

/// <summary>
/// The payment token is a sandbox/gateway token, never card data; payment needs it to charge once
/// inventory has reserved the stock.
/// </summary>
public sealed record OrderPlaced(
    string OrderId, string UserId, string CustomerEmail, IReadOnlyList<OrderLine> Lines,
    decimal Total, string Currency, string PaymentToken, ShippingAddress ShippingAddress,
    bool FromCart, DateTimeOffset PlacedAt);

public sealed record OrderConfirmed(
    string OrderId, string UserId, string CustomerEmail, IReadOnlyList<OrderLine> Lines,
    decimal Total, string Currency, bool FromCart);

public sealed record OrderCancelled(
    string OrderId, string UserId, string CustomerEmail, string Reason, bool WasPaid,
    IReadOnlyList<OrderLine> Lines, decimal Total, string Currency);

public sealed record OrderShipped(string OrderId, string UserId, string CustomerEmail);

public sealed record OrderDelivered(string OrderId, string UserId, string CustomerEmail);
