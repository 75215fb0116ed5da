using Bazaar.Contracts;
using Bazaar.Contracts.Catalog;

namespace Bazaar.Web.Api;

// The public API's documents as the pages read and write them (DESIGN.md §4; /openapi/v1.json).

public sealed record PageOf<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount)
{
    public int PageCount => PageSize <= 0 ? 1 : Math.Max(1, (TotalCount + PageSize - 1) / PageSize);
}

public sealed record FacetValue(string Value, int Count);

public sealed record PriceRange(decimal Min, decimal? Max, int Count);

public sealed record Facets(IReadOnlyList<FacetValue> Categories, IReadOnlyList<FacetValue> Brands, IReadOnlyList<PriceRange> Prices, int InStock);

public sealed record ProductSearchResult(IReadOnlyList<ProductDto> Items, int Page, int PageSize, int TotalCount, Facets Facets);

public sealed record Category(string Name, int ProductCount);

public sealed record ProductWrite(
    string Sku, string Name, string Description, Money Price, string Category, string Brand, string? ImageUrl, int? InitialStock, int? MaxPerCustomer);

public sealed record Stock(string ProductId, int Available, int Reserved, bool LowStock);

public sealed record CartLine(string ProductId, string Name, string ImageUrl, Money UnitPrice, int Quantity, Money LineTotal);

public sealed record Cart(string? Id, string? UserId, IReadOnlyList<CartLine> Items, int TotalQuantity, Money Subtotal)
{
    public static Cart Empty { get; } = new(null, null, [], 0, new Money(0, "EUR"));
}

public sealed record Address(string Name, string Line1, string City, string PostalCode, string Country, string? Region);

public sealed record PaymentMethod(string Type, string Token);

public sealed record CheckoutRequest(Address ShippingAddress, PaymentMethod PaymentMethod);

public sealed record OrderLine(string ProductId, string Name, Money UnitPrice, int Quantity, Money LineTotal);

public sealed record Order(
    string Id, string UserId, string Status, string? CancellationReason, IReadOnlyList<OrderLine> Items, Money Total, Address ShippingAddress,
    string? PaymentId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PaidAt, DateTimeOffset? ShippedAt,
    DateTimeOffset? DeliveredAt, DateTimeOffset? CancelledAt)
{
    /// <summary>Whether the order still moves by itself (payment and stock are being settled).</summary>
    public bool IsSettling => Status == OrderStatuses.Pending;
}

public static class OrderStatuses
{
    public const string Pending = "pending";
    public const string Processing = "processing";
    public const string Shipped = "shipped";
    public const string Delivered = "delivered";
    public const string Cancelled = "cancelled";

    public static IReadOnlyList<string> All { get; } = [Pending, Processing, Shipped, Delivered, Cancelled];

    /// <summary>The changes an admin may make from a status (the order state machine; cancelling is its own action).</summary>
    public static IReadOnlyList<string> NextFor(string status) => status switch
    {
        Processing => [Shipped],
        Shipped => [Delivered],
        _ => [],
    };

    public static bool MayCancel(string status) => status is Pending or Processing;
}

public sealed record OrderFilter(string? Status = null, string? UserId = null, DateOnly? From = null, DateOnly? To = null, int Page = 1, int PageSize = 20);

public sealed record Tokens(string AccessToken, string RefreshToken, int ExpiresIn, string TokenType);

public sealed record Registration(string Username, string Email, string Password, string? FullName, string? Phone);

public sealed record User(string Id, string Username, string Email, string? FullName, string? Phone, Address? Address, string Role, DateTimeOffset CreatedAt);

public sealed record UserUpdate(string? Email, string? FullName, string? Phone, Address? Address);

public sealed record Notification(
    string Id, string? UserId, string Template, string Channel, string Recipient, string Subject, string Status, int Attempts, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

public sealed record DeadLetter(string Id, string Service, string EventId, string Type, string Handler, string Error, int Attempts, DateTimeOffset FailedAt, DateTimeOffset? ReplayedAt);

public sealed record ReplayOutcome(bool Succeeded, string? Error);
