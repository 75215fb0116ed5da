namespace Bazaar.Analytics.Processing;

/// <summary>
/// The stream processor's state and its position in the input stream, saved in one row in the same transaction as
/// the results up to that position: a restarted processor resumes exactly where the stored results end.
/// </summary>
public sealed class ProcessorCheckpoint
{
    public const string Main = "orders";

    public required string Name { get; set; }

    /// <summary>Sequence of the last input event the state includes.</summary>
    public long Position { get; set; }

    /// <summary>The window engine's checkpoint, as JSON.</summary>
    public required string Engine { get; set; }

    /// <summary>The anomaly detector's state, as JSON.</summary>
    public required string Detector { get; set; }

    /// <summary>End of the last tumbling window shown to the anomaly detector.</summary>
    public DateTimeOffset? ExaminedUntil { get; set; }

    public DateTimeOffset? Watermark { get; set; }
    public long LateEvents { get; set; }
    public long DroppedEvents { get; set; }

    /// <summary>The process running the stream: one at a time, so that replicas stand by rather than compete.</summary>
    public string? LeaseOwner { get; set; }

    public DateTimeOffset LeaseUntil { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Changes on every save, so two processes cannot both write the same checkpoint.</summary>
    public Guid Version { get; set; }
}
