using System.Text.RegularExpressions;
using Bazaar.BuildingBlocks.Hosting;
using Bazaar.Contracts;

namespace Bazaar.Catalog.Products;

/// <summary>A product as an admin writes it; <c>id</c> and timestamps, if sent, are ignored.</summary>
public sealed record ProductWriteRequest(
    string? Sku, string? Name, string? Description, Money? Price, string? Category, string? Brand, string? ImageUrl, int? InitialStock,
    int? MaxPerCustomer);

public static partial class ProductRules
{
    public const decimal MaxPrice = 1_000_000m;

    public const int MaxPerCustomerLimit = 1000;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{1,31}$")]
    private static partial Regex SkuPattern();

    public static Validation Validate(ProductWriteRequest request, CatalogOptions options, bool creating)
    {
        var validation = new Validation();
        validation.Text(request.Sku, "sku", 32);
        if (!string.IsNullOrWhiteSpace(request.Sku))
        {
            validation.Check(SkuPattern().IsMatch(request.Sku), "sku", "Use 2 to 32 letters, digits or '-'.");
        }
        validation.Text(request.Name, "name", 200);
        validation.Text(request.Description, "description", 4000, required: false, multiline: true);
        validation.Text(request.Category, "category", 100);
        validation.Text(request.Brand, "brand", 100);
        if (request.Price is null)
        {
            validation.Add("price", "Is required.");
        }
        else
        {
            validation.Check(request.Price.Amount > 0 && request.Price.Amount <= MaxPrice, "price.amount", $"Must be more than 0 and at most {MaxPrice}.");
            validation.Check(decimal.Round(request.Price.Amount, 2) == request.Price.Amount, "price.amount", "Must have at most two decimals.");
            validation.Check(string.Equals(request.Price.Currency, options.Currency, StringComparison.Ordinal), "price.currency", $"The shop sells in {options.Currency}.");
        }
        if (!string.IsNullOrWhiteSpace(request.ImageUrl))
        {
            validation.Check(ImageUrls.IsAllowed(request.ImageUrl, options.ImageHosts), "imageUrl",
                $"Must be a path on this site, or an https URL of at most {ImageUrls.MaxLength} characters on an allowed image host"
                + (options.ImageHosts.Count == 0 ? " (none are configured)." : $" ({string.Join(", ", options.ImageHosts)})."));
        }
        validation.Check(request.MaxPerCustomer is null or >= 1 and <= MaxPerCustomerLimit, "maxPerCustomer",
            $"Must be between 1 and {MaxPerCustomerLimit}, or left out for no limit.");
        if (creating)
        {
            validation.Check(request.InitialStock is null or >= 0 and <= 1_000_000, "initialStock", "Must be between 0 and 1000000.");
        }
        else
        {
            validation.Check(request.InitialStock is null, "initialStock", "Only on creation; change stock through inventory.");
        }
        return validation;
    }
}
