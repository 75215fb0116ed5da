namespace Bazaar.Payment;

/// <summary>Bound from <c>Bazaar:Payment</c>.</summary>
public sealed class PaymentOptions
{
    /// <summary>Retries of a gateway call that failed transiently, before the payment fails.</summary>
    public int GatewayRetries { get; set; } = 3;

    public TimeSpan GatewayRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long each sandbox authorization takes, as a real processor's round trip does (a few hundred milliseconds);
    /// none by default. Useful to see how checkout behaves while payments are slow.
    /// </summary>
    public TimeSpan SandboxLatency { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// The secret the card processor signs its webhook calls with (from the environment or a mounted file, never the
    /// repository); without one, the webhook endpoint accepts nothing.
    /// </summary>
    public string? WebhookSecret { get; set; }

    /// <summary>How old a signed webhook call may be: an older one is a replay.</summary>
    public TimeSpan WebhookTolerance { get; set; } = TimeSpan.FromMinutes(5);
}
