namespace Bazaar.Analytics.Sources;

/// <summary>
/// One event of the embedded shape's input log: the order and payment events as the in-process bus delivered them,
/// numbered in the order they were stored. The processor reads the log by <see cref="Sequence"/>, which is what its
/// checkpoints record, so a restart or a replay reads the same events in the same order.
/// </summary>
public sealed class InputEvent
{
    public long Sequence { get; set; }
    public required string EventId { get; set; }
    public required string Type { get; set; }
    public DateTimeOffset Time { get; set; }

    /// <summary>The CloudEvents envelope, as JSON.</summary>
    public required string Envelope { get; set; }
}
