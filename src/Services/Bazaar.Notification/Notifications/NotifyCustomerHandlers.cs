using System.Globalization;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Identity;
using Bazaar.Contracts.Ordering;

namespace Bazaar.Notification.Notifications;

/// <summary>Turns the order and account events a customer should hear about into e-mails.</summary>
public sealed class NotifyCustomerHandlers(NotificationWriter writer, NotificationOptions options)
    : IEventHandler<OrderConfirmed>, IEventHandler<OrderCancelled>, IEventHandler<OrderShipped>,
      IEventHandler<OrderDelivered>, IEventHandler<PasswordResetRequested>
{
    public Task HandleAsync(OrderConfirmed message, EventContext context, CancellationToken cancellationToken) =>
        writer.QueueAsync("order-confirmed", message.UserId, message.CustomerEmail,
            Model(message.OrderId, message.Total, message.Currency, message.Lines), context.EventId, cancellationToken);

    public Task HandleAsync(OrderCancelled message, EventContext context, CancellationToken cancellationToken)
    {
        var paymentFailed = message.Reason.StartsWith("payment_", StringComparison.Ordinal);
        var model = new
        {
            order = OrderModel(message.OrderId, message.Total, message.Currency, message.Lines),
            reason = Describe(message.Reason),
            refunded = message.WasPaid,
            shopUrl = options.PublicUrl,
        };
        return writer.QueueAsync(paymentFailed ? "payment-failed" : "order-cancelled", message.UserId, message.CustomerEmail, model, context.EventId, cancellationToken);
    }

    public Task HandleAsync(OrderShipped message, EventContext context, CancellationToken cancellationToken) =>
        writer.QueueAsync("order-shipped", message.UserId, message.CustomerEmail, Model(message.OrderId, 0, "", []), context.EventId, cancellationToken);

    public Task HandleAsync(OrderDelivered message, EventContext context, CancellationToken cancellationToken) =>
        writer.QueueAsync("order-delivered", message.UserId, message.CustomerEmail, Model(message.OrderId, 0, "", []), context.EventId, cancellationToken);

    public Task HandleAsync(PasswordResetRequested message, EventContext context, CancellationToken cancellationToken) =>
        writer.QueueAsync("password-reset", message.UserId, message.Email, new
        {
            name = message.FullName,
            token = message.Token,
            expiresAt = message.ExpiresAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            shopUrl = options.PublicUrl,
        }, context.EventId, cancellationToken);

    private object Model(string orderId, decimal total, string currency, IReadOnlyList<OrderLine> lines) =>
        new { order = OrderModel(orderId, total, currency, lines), shopUrl = options.PublicUrl };

    private static object OrderModel(string orderId, decimal total, string currency, IReadOnlyList<OrderLine> lines) => new
    {
        id = orderId,
        number = orderId[^8..].ToUpperInvariant(),
        total = Format(total, currency),
        lines = lines.Select(l => new { name = l.Name, quantity = l.Quantity, total = Format(l.UnitPrice * l.Quantity, currency) }).ToList(),
    };

    private static string Format(decimal amount, string currency) => $"{amount.ToString("0.00", CultureInfo.InvariantCulture)} {currency}".Trim();

    private static string Describe(string reason) => reason switch
    {
        "payment_card_declined" => "the card was declined",
        "payment_insufficient_funds" => "the card has insufficient funds",
        "payment_processing_error" => "the card processor could not be reached",
        "insufficient_stock" => "an item sold out",
        "reservation_expired" or "timeout_awaiting_payment" or "timeout_awaiting_stock" => "the order could not be completed in time",
        "cancelled_by_customer" => "you cancelled it",
        "cancelled_by_admin" => "the shop cancelled it",
        _ => reason.Replace('_', ' '),
    };
}
