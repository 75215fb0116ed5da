namespace Bazaar.Bench.Checkout;

/// <summary>
/// How a checkout run is driven. <c>Rate</c> is checkouts started per second (open loop), or null for a closed loop
/// of <c>Clients</c>; <c>RetryShare</c> is the share of checkouts POSTed a second time with the same Idempotency-Key;
/// an order not processing <c>OrderTimeout</c> after its checkout started is a failure. An order awaiting processing is
/// first read <c>PollInterval</c> after its checkout, then at waits growing by half up to <c>PollMaxInterval</c>.
/// </summary>
public sealed record CheckoutSettings(
    Uri Url,
    string AdminEmail,
    string AdminPassword,
    int Clients,
    TimeSpan Duration,
    double? Rate,
    string? OrdersFile,
    double RetryShare,
    TimeSpan PollInterval,
    TimeSpan PollMaxInterval,
    TimeSpan OrderTimeout);
