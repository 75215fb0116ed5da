using System.ComponentModel.DataAnnotations;
using Bazaar.Contracts;
using Bazaar.Contracts.Catalog;
using Bazaar.Web.Api;

namespace Bazaar.Web.Admin.Products;

/// <summary>
/// The product form as it is filled in. Its limits are the API's, so most mistakes are pointed out before a call; the
/// API remains the judge (a taken SKU, an image host it does not allow) and its field errors show at the same fields.
/// </summary>
public sealed class ProductInput
{
    [Required(ErrorMessage = "Enter a SKU.")]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9-]{1,31}$", ErrorMessage = "Use 2 to 32 letters, digits or '-'.")]
    public string Sku { get; set; } = "";

    [Required(ErrorMessage = "Enter a name.")]
    [StringLength(200, ErrorMessage = "Use at most 200 characters.")]
    public string Name { get; set; } = "";

    [StringLength(4000, ErrorMessage = "Use at most 4000 characters.")]
    public string? Description { get; set; }

    [Range(typeof(decimal), "0.01", "1000000", ErrorMessage = "Enter a price from 0.01 to 1000000.", ParseLimitsInInvariantCulture = true)]
    public decimal Amount { get; set; }

    [Required(ErrorMessage = "Enter the currency.")]
    [RegularExpression("^[A-Za-z]{3}$", ErrorMessage = "Use the three-letter code, such as USD.")]
    public string Currency { get; set; } = "";

    [Required(ErrorMessage = "Enter a category.")]
    [StringLength(100, ErrorMessage = "Use at most 100 characters.")]
    public string Category { get; set; } = "";

    [Required(ErrorMessage = "Enter a brand.")]
    [StringLength(100, ErrorMessage = "Use at most 100 characters.")]
    public string Brand { get; set; } = "";

    [StringLength(500, ErrorMessage = "Use at most 500 characters.")]
    public string? ImageUrl { get; set; }

    [Range(0, 1_000_000, ErrorMessage = "Enter 0 to 1000000 units.")]
    public int? InitialStock { get; set; }

    [Range(1, 1000, ErrorMessage = "Enter 1 to 1000, or leave empty for no limit.")]
    public int? MaxPerCustomer { get; set; }

    public static ProductInput From(ProductDto product) => new()
    {
        Sku = product.Sku,
        Name = product.Name,
        Description = product.Description,
        Amount = product.Price.Amount,
        Currency = product.Price.Currency,
        Category = product.Category,
        Brand = product.Brand,
        ImageUrl = product.ImageUrl,
        MaxPerCustomer = product.MaxPerCustomer,
    };

    /// <summary>The API's document; stock is only set on creation (afterwards it changes through inventory).</summary>
    public ProductWrite ToWrite(bool creating) => new(
        Sku.Trim(), Name.Trim(), Description?.Trim() ?? "", new Money(Amount, Currency.Trim().ToUpperInvariant()), Category.Trim(), Brand.Trim(),
        string.IsNullOrWhiteSpace(ImageUrl) ? null : ImageUrl.Trim(), creating ? InitialStock : null, MaxPerCustomer);
}
