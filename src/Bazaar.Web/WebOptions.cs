namespace Bazaar.Web;

/// <summary>Settings of the storefront, under <c>Bazaar:Web</c>.</summary>
public sealed class WebOptions
{
    /// <summary>
    /// Where the public HTTP API answers: the gateway in the distributed shape. Empty means this process itself,
    /// which is the embedded shape: the pages still go through HTTP, as any client would.
    /// </summary>
    public Uri? ApiUrl { get; set; }

    /// <summary>
    /// Whether the sign-in cookie is sent only over HTTPS. By default it is, outside Development; a shop served over
    /// plain HTTP on a trusted network turns it off here.
    /// </summary>
    public bool? SecureCookies { get; set; }

    /// <summary>How long before its access token runs out a session renews it with its refresh token.</summary>
    public TimeSpan TokenRenewalMargin { get; set; } = TimeSpan.FromMinutes(1);
}
