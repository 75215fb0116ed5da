namespace Bazaar.IntegrationTests.Fuzzing;

/// <summary>
/// Things that exist in the shop under fuzzing, so that some generated requests name a real user, product or order and
/// get past the "not found" check into the code behind it.
/// </summary>
public sealed record RealObjects(
    IReadOnlyList<string> UserIds,
    IReadOnlyList<string> ProductIds,
    IReadOnlyList<string> OrderIds,
    IReadOnlyList<string> PaymentIds,
    IReadOnlyList<string> NotificationIds,
    string CustomerUsername,
    string CustomerEmail,
    string CustomerPassword,
    string CustomerToken,
    string AdminToken,
    string RefreshToken)
{
    public IReadOnlyList<string> AllIds => [.. UserIds, .. ProductIds, .. OrderIds, .. PaymentIds, .. NotificationIds];

    /// <summary>The real ids a parameter or property named <paramref name="name"/> most likely wants.</summary>
    public IReadOnlyList<string> IdsFor(string name)
    {
        var lower = name.ToLowerInvariant();
        IReadOnlyList<string> ids =
            lower.Contains("product") ? ProductIds
            : lower.Contains("user") ? UserIds
            : lower.Contains("order") ? OrderIds
            : lower.Contains("payment") ? PaymentIds
            : lower.Contains("notification") ? NotificationIds
            : [];
        return ids.Count > 0 ? ids : AllIds;
    }
}
