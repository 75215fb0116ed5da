namespace Bazaar.Gateway;

/// <summary>Bound from <c>Bazaar:Gateway</c>.</summary>
public sealed class GatewayOptions
{
    /// <summary>Browser origins allowed to call the API across origins; none by default.</summary>
    public IReadOnlyList<string> CorsOrigins { get; set; } = [];

    public GatewayRateLimits RateLimits { get; set; } = new();

    /// <summary>How long a downstream <c>/health/ready</c> may take before the gateway reports it unhealthy.</summary>
    public TimeSpan DownstreamHealthTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Fixed windows: at most <see cref="PermitLimit"/> requests per <see cref="Window"/> and partition.</summary>
public sealed class RateLimit
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class GatewayRateLimits
{
    /// <summary>Per client IP, for calls without a token.</summary>
    public RateLimit Anonymous { get; set; } = new() { PermitLimit = 300 };

    /// <summary>Per user (the token's <c>sub</c>).</summary>
    public RateLimit Authenticated { get; set; } = new() { PermitLimit = 600 };

    /// <summary>Per client IP, for login and password reset: the endpoints a password guesser needs.</summary>
    public RateLimit Login { get; set; } = new() { PermitLimit = 10 };
}
