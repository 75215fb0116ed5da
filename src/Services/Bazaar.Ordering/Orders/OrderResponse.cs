using Bazaar.Contracts;
using Bazaar.Contracts.Ordering;

namespace Bazaar.Ordering.Orders;

public sealed record OrderLineResponse(string ProductId, string Name, Money UnitPrice, int Quantity, Money LineTotal);

public sealed record PaymentMethodSummary(string Type);

public sealed record OrderResponse(
    string Id, string UserId, string Status, string? CancellationReason, IReadOnlyList<OrderLineResponse> Items, Money Total,
    Address ShippingAddress, PaymentMethodSummary PaymentMethod, string? PaymentId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? PaidAt, DateTimeOffset? ShippedAt, DateTimeOffset? DeliveredAt, DateTimeOffset? CancelledAt)
{
    public static OrderResponse From(Order o) => new(
        o.Id, o.UserId, StatusName(o.Status), o.CancellationReason,
        o.Lines.Select(l => new OrderLineResponse(l.ProductId, l.Name, new Money(l.UnitPrice, o.Currency), l.Quantity, new Money(l.UnitPrice * l.Quantity, o.Currency))).ToList(),
        new Money(o.Total, o.Currency), o.ShippingAddress, new PaymentMethodSummary("card"), o.PaymentId,
        o.CreatedAt, o.UpdatedAt, o.PaidAt, o.ShippedAt, o.DeliveredAt, o.CancelledAt);

    public static string StatusName(OrderStatus status) => status.ToString().ToLowerInvariant();
}

public static class OrderEvents
{
    public static List<Contracts.Ordering.OrderLine> Lines(Order o) =>
        o.Lines.Select(l => new Contracts.Ordering.OrderLine(l.ProductId, l.Name, l.UnitPrice, l.Quantity)).ToList();

    public static OrderCancelled Cancelled(Order o, bool wasPaid) =>
        new(o.Id, o.UserId, o.CustomerEmail, o.CancellationReason ?? "", wasPaid, Lines(o), o.Total, o.Currency);

    public static OrderConfirmed Confirmed(Order o) =>
        new(o.Id, o.UserId, o.CustomerEmail, Lines(o), o.Total, o.Currency, o.FromCart);
}
