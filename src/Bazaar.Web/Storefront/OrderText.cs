namespace Bazaar.Web.Storefront;

/// <summary>What an order's status and cancellation reason mean to the customer, and what they can do next.</summary>
public static class OrderText
{
    /// <summary>The short number a customer quotes: the id's end, as the e-mails print it (its start is a timestamp, alike for orders placed together).</summary>
    public static string Number(string id) => (id.Length > 8 ? id[^8..] : id).ToUpperInvariant();

    public static string Status(string status) => status switch
    {
        "pending" => "Confirming payment and stock",
        "processing" => "Paid, being prepared",
        "shipped" => "Shipped",
        "delivered" => "Delivered",
        "cancelled" => "Cancelled",
        _ => status,
    };

    public static (string What, string Next) Cancellation(string? reason) => reason switch
    {
        "payment_card_declined" => ("Your card was declined.", "Try another card: your cart still holds these items."),
        "payment_insufficient_funds" => ("The card has insufficient funds.", "Try another card: your cart still holds these items."),
        { } r when r.StartsWith("payment_", StringComparison.Ordinal) => ("The payment did not go through.", "Nothing was charged. Please try again, or use another card."),
        "insufficient_stock" => ("An item sold out before we could reserve it.", "Lower the quantity or remove the item in your cart, then check out again."),
        "reservation_expired" => ("We could not confirm the order in time.", "Nothing was charged. Please check out again."),
        "cancelled_by_customer" => ("You cancelled this order.", "Any payment has been refunded to your card."),
        "cancelled_by_admin" => ("The shop cancelled this order.", "Any payment has been refunded to your card. Contact us if this is unexpected."),
        _ => ("This order was cancelled.", "Any payment has been refunded to your card."),
    };
}
