using System.Globalization;

namespace Bazaar.Web.Api;

/// <summary>Numbers and flags read from a page's address, where anything may have been typed: what does not parse is left out.</summary>
public static class QueryValues
{
    public const int MaxPage = 10_000;

    public static int Page(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var page) ? Math.Clamp(page, 1, MaxPage) : 1;

    public static decimal? Price(string? value) =>
        decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price) && price <= 1_000_000m ? price : null;

    public static bool Flag(string? value) => bool.TryParse(value, out var flag) && flag;
}
