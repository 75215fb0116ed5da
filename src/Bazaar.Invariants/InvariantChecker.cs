using Bazaar.Invariants.Rules;

namespace Bazaar.Invariants;

/// <summary>
/// Reads every service's database (and JetStream, given its URL) and checks what Bazaar promises across services:
/// nothing oversold, lost, charged or sent twice, and nothing stuck.
/// </summary>
public sealed class InvariantChecker(ShopDatabases databases, string? natsUrl = null, InvariantOptions? options = null)
{
    private readonly InvariantOptions _options = options ?? new InvariantOptions();

    /// <summary>
    /// One look at the shop as it is now. <paramref name="accepted"/>, when given, are the order ids checkouts were
    /// answered with (one per checkout), which must all exist.
    /// </summary>
    public async Task<InvariantReport> CheckAsync(IReadOnlyCollection<string>? accepted = null, CancellationToken cancellationToken = default) =>
        Check(await ShopSnapshot.ReadAsync(databases, natsUrl, cancellationToken), _options, accepted);

    /// <summary>
    /// Looks again until the shop is clean (and, with <paramref name="untilNonePending"/>, every order has reached its
    /// outcome) or <paramref name="settle"/> has passed, and returns the last look. Events still travelling between
    /// services make a busy shop look inconsistent for a moment; a violation that outlasts the wait is real.
    /// </summary>
    public async Task<InvariantReport> CheckSettledAsync(
        TimeSpan settle, IReadOnlyCollection<string>? accepted = null, bool untilNonePending = false, CancellationToken cancellationToken = default)
    {
        var until = DateTimeOffset.UtcNow + settle;
        while (true)
        {
            var report = await CheckAsync(accepted, cancellationToken);
            if ((report.IsClean && (!untilNonePending || report.PendingOrders == 0)) || DateTimeOffset.UtcNow >= until)
            {
                return report;
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    public static InvariantReport Check(ShopSnapshot shop, InvariantOptions options, IReadOnlyCollection<string>? accepted = null)
    {
        var report = new InvariantReport();
        if (accepted is not null)
        {
            OrderRules.CheckAccepted(shop, accepted, report);
        }
        OrderRules.Check(shop, report, options);
        StockRules.Check(shop, report);
        PaymentRules.Check(shop, report);
        MessagingRules.Check(shop, report, options);
        NotificationRules.Check(shop, report);
        return report;
    }
}
