using System.Globalization;

namespace Bazaar.Web.Admin;

/// <summary>Admin lists keep their filters and page in the URL, so a filtered view can be bookmarked, shared and paged.</summary>
public static class AdminUrl
{
    /// <summary>The path with the parameters that have a value.</summary>
    public static string To(string path, params (string Name, string? Value)[] query)
    {
        var parameters = string.Join('&', query
            .Where(parameter => !string.IsNullOrWhiteSpace(parameter.Value))
            .Select(parameter => $"{parameter.Name}={Uri.EscapeDataString(parameter.Value!)}"));
        return parameters.Length == 0 ? path : $"{path}?{parameters}";
    }

    /// <summary>The page number as a link carries it: the first page needs none.</summary>
    public static string? Page(int page) => page > 1 ? page.ToString(CultureInfo.InvariantCulture) : null;

    /// <summary>The page a form came from, which it goes back to: a page of the admin area, never another site.</summary>
    public static string Back(string? returnUrl, string fallback) =>
        returnUrl is { Length: <= 2000 } url
        && url.StartsWith("/admin", StringComparison.Ordinal)
        && !url.Contains('\\', StringComparison.Ordinal)
        && Uri.IsWellFormedUriString(url, UriKind.Relative)
            ? url
            : fallback;
}
