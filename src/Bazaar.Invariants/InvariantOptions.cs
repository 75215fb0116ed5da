namespace Bazaar.Invariants;

/// <summary>How much slack the rules give a shop that is still moving.</summary>
public sealed record InvariantOptions
{
    /// <summary>
    /// How long past its deadline a pending order may still be, before ordering's sweep (every 5 s by default) has
    /// cancelled it.
    /// </summary>
    public TimeSpan DeadlineGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long published events stay in the outbox and the streams (<c>Bazaar:Messaging:Retention</c>); an order older
    /// than this has no events left to count.
    /// </summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);

}
