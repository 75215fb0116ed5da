namespace Bazaar.Cart;

/// <summary>Bound from <c>Bazaar:Cart</c>.</summary>
public sealed class CartOptions
{
    /// <summary>An anonymous cart nobody touched for this long is deleted.</summary>
    public TimeSpan AnonymousCartLifetime { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The currency of an empty cart's total; lines carry catalog's currency.</summary>
    public string Currency { get; set; } = "USD";
}
