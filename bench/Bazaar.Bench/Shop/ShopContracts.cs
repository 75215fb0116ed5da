using Bazaar.Contracts;

namespace Bazaar.Bench.Shop;

// The parts of the public API's responses the bench reads; unknown fields are ignored.

public sealed record Tokens(string AccessToken, string RefreshToken, int ExpiresIn);

public sealed record UserView(string Id, string Username, string Email);

public sealed record ProductView(string Id, string Sku, string Name, string? Description, Money Price);

public sealed record StockView(string ProductId, int Available, int Reserved);

public sealed record OrderLineView(string ProductId, int Quantity);

public sealed record OrderView(
    string Id, string UserId, string Status, string? CancellationReason, IReadOnlyList<OrderLineView> Items, Money Total,
    string? PaymentId, DateTimeOffset CreatedAt);

public sealed record PageOf<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount);

public static class OrderStatuses
{
    public const string Pending = "pending";
    public const string Processing = "processing";
    public const string Shipped = "shipped";
    public const string Delivered = "delivered";
    public const string Cancelled = "cancelled";

    /// <summary>Paid with stock committed: processing, and the states an admin moves it on to.</summary>
    public static bool IsPaid(string status) => status is Processing or Shipped or Delivered;
}
