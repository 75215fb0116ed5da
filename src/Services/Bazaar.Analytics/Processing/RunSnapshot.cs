namespace Bazaar.Analytics.Processing;

/// <summary>A <see cref="ProcessorRun"/>'s state at one position, serialized, ready to be stored as the checkpoint.</summary>
public sealed record RunSnapshot(
    long Position,
    string Engine,
    string Detector,
    DateTimeOffset? ExaminedUntil,
    DateTimeOffset? Watermark,
    long LateEvents,
    long DroppedEvents)
{
    public void ApplyTo(ProcessorCheckpoint checkpoint)
    {
        checkpoint.Position = Position;
        checkpoint.Engine = Engine;
        checkpoint.Detector = Detector;
        checkpoint.ExaminedUntil = ExaminedUntil;
        checkpoint.Watermark = Watermark;
        checkpoint.LateEvents = LateEvents;
        checkpoint.DroppedEvents = DroppedEvents;
    }
}
