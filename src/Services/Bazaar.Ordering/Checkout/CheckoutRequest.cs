using System.Text.RegularExpressions;
using Bazaar.BuildingBlocks.Hosting;

namespace Bazaar.Ordering.Checkout;

public sealed record ShippingAddressRequest(string? Name, string? Line1, string? City, string? PostalCode, string? Country, string? Region);

public sealed record PaymentMethodRequest(string? Type, string? Token);

public sealed record CheckoutItem(string? ProductId, int? Quantity);

public sealed record CheckoutRequest(ShippingAddressRequest? ShippingAddress, PaymentMethodRequest? PaymentMethod, IReadOnlyList<CheckoutItem>? Items);

public static partial class CheckoutRules
{
    public const int MaxQuantity = 99;

    [GeneratedRegex("^[A-Za-z0-9_]{1,100}$")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryPattern();

    [GeneratedRegex("^[\\x21-\\x7E]{1,100}$")]
    private static partial Regex IdempotencyKeyPattern();

    public static Validation Validate(CheckoutRequest request, string? idempotencyKey, int maxLines)
    {
        var validation = new Validation();
        validation.Check(idempotencyKey is not null && IdempotencyKeyPattern().IsMatch(idempotencyKey), "Idempotency-Key",
            "The Idempotency-Key header is required: 1 to 100 visible ASCII characters, new for each checkout.");

        if (request.ShippingAddress is not { } a)
        {
            validation.Add("shippingAddress", "Is required.");
        }
        else
        {
            validation.Text(a.Name, "shippingAddress.name", 100);
            validation.Text(a.Line1, "shippingAddress.line1", 200);
            validation.Text(a.City, "shippingAddress.city", 100);
            validation.Text(a.PostalCode, "shippingAddress.postalCode", 20);
            validation.Check(a.Country is not null && CountryPattern().IsMatch(a.Country), "shippingAddress.country", "Must be an ISO 3166-1 alpha-2 code such as 'US'.");
            validation.Text(a.Region, "shippingAddress.region", 100, required: false);
        }

        if (request.PaymentMethod is not { } p)
        {
            validation.Add("paymentMethod", "Is required.");
        }
        else
        {
            validation.Check(p.Type == "card", "paymentMethod.type", "Must be 'card'.");
            validation.Check(p.Token is not null && TokenPattern().IsMatch(p.Token), "paymentMethod.token", "Must be a card token such as 'tok_visa'.");
        }

        if (request.Items is { } items)
        {
            validation.Check(items.Count is >= 1, "items", "Leave out 'items' to check out the cart, or list at least one.");
            validation.Check(items.Count <= maxLines, "items", $"At most {maxLines} lines.");
            for (var i = 0; i < Math.Min(items.Count, maxLines); i++)
            {
                validation.Text(items[i]?.ProductId, $"items[{i}].productId", 36);
                validation.Check(items[i]?.Quantity is >= 1 and <= MaxQuantity, $"items[{i}].quantity", $"Must be between 1 and {MaxQuantity}.");
            }
        }
        return validation;
    }
}
