namespace Bazaar.BuildingBlocks.Auth;

/// <summary>Bound from <c>Bazaar:Auth</c>.</summary>
public sealed class AuthOptions
{
    public string Issuer { get; set; } = "bazaar-identity";

    public string Audience { get; set; } = "bazaar";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// Where to fetch signing keys (the identity service's base address) when identity runs in another
    /// process; unset, keys are read from the data directory's key ring.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>Folder of the signing key ring; defaults to <c>keys</c> under the data directory.</summary>
    public string? KeyDirectory { get; set; }
}
