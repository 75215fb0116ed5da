using System.Net;
using System.Net.Sockets;

namespace Bazaar.Catalog.Products;

/// <summary>
/// Where a product picture may live: a path on this site, or an https URL on one of the hosts an admin configured
/// (<c>Bazaar:Catalog:ImageHosts</c>, the shop's CDN). Browsers, the web storefront and any service that ever fetches a
/// picture follow these URLs, so one pointing at loopback, the link-local metadata address or a private network would
/// turn them into a way into the shop's own network (server-side request forgery).
/// </summary>
public static class ImageUrls
{
    public const int MaxLength = 500;

    public static bool IsAllowed(string url, IReadOnlyCollection<string> allowedHosts)
    {
        if (url.Length > MaxLength || url.Contains('\\', StringComparison.Ordinal))
        {
            return false;
        }
        if (url.StartsWith('/'))
        {
            return !url.StartsWith("//", StringComparison.Ordinal) && Uri.IsWellFormedUriString(url, UriKind.Relative);
        }
        return Uri.TryCreate(url, UriKind.Absolute, out var absolute)
            && absolute.Scheme == Uri.UriSchemeHttps
            && absolute.UserInfo.Length == 0
            && absolute.IsDefaultPort
            && allowedHosts.Contains(absolute.IdnHost, StringComparer.OrdinalIgnoreCase)
            && !IsInternal(absolute);
    }

    /// <summary>Never the shop's own machine or network, even if an admin listed such a host by mistake.</summary>
    private static bool IsInternal(Uri url)
    {
        if (url.IsLoopback || url.IdnHost.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (!IPAddress.TryParse(url.IdnHost, out var address))
        {
            return false;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.Equals(IPAddress.IPv6None);
        }
        var b = address.GetAddressBytes();
        return b[0] is 0 or 10 or 127
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 172 && b[1] is >= 16 and <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 100 && b[1] is >= 64 and <= 127);
    }
}
