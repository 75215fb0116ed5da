using System.Text.Json;
using Bazaar.Analytics.Anomalies;
using Bazaar.Analytics.Windows;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Analytics;

namespace Bazaar.Analytics.Processing;

/// <summary>
/// The stream processor's state between checkpoints: the window engine, the anomaly detector, and how far the detector
/// has looked. Deterministic like the engine: the same events from the same checkpoint give the same results.
/// </summary>
public sealed class ProcessorRun
{
    /// <summary>Gaps longer than this (a shop closed for weeks) are not walked window by window.</summary>
    private const int MostEmptyWindowsExamined = 10_000;

    private readonly long _windowTicks;

    private ProcessorRun(WindowEngine engine, AnomalyDetector detector, DateTimeOffset? examinedUntil, long windowTicks)
    {
        Engine = engine;
        Detector = detector;
        ExaminedUntil = examinedUntil;
        _windowTicks = windowTicks;
    }

    public WindowEngine Engine { get; }

    public AnomalyDetector Detector { get; }

    /// <summary>End of the last tumbling window the detector has seen; null before any window closed.</summary>
    public DateTimeOffset? ExaminedUntil { get; private set; }

    public static ProcessorRun Start(AnalyticsOptions options, AnomalyOptions anomalies) =>
        new(new WindowEngine(options), new AnomalyDetector(anomalies), null, options.WindowSize.Ticks);

    public static ProcessorRun Restore(AnalyticsOptions options, AnomalyOptions anomalies, ProcessorCheckpoint checkpoint) =>
        new(
            WindowEngine.Restore(options, Checkpoint.FromJson(checkpoint.Engine)),
            AnomalyDetector.Restore(anomalies, JsonSerializer.Deserialize<DetectorState>(checkpoint.Detector, EventJson.Options) ?? throw new JsonException("Empty anomaly detector state.")),
            checkpoint.ExaminedUntil,
            options.WindowSize.Ticks);

    /// <summary>
    /// The state to store with the results published up to <see cref="WindowEngine.Position"/>, taken as it is now: the
    /// run goes on ingesting while the snapshot is written.
    /// </summary>
    public RunSnapshot Snapshot() => new(
        Engine.Position,
        Engine.CreateCheckpoint().ToJson(),
        JsonSerializer.Serialize(Detector.ToState(), EventJson.Options),
        ExaminedUntil,
        Engine.Watermark,
        Engine.LateEvents,
        Engine.DroppedEvents);

    /// <summary>
    /// Ingests one event; each tumbling window the watermark closes goes to the anomaly detector once, in time order,
    /// the ones nothing happened in as empty windows (those are what the outage rule needs to see). Corrections of a
    /// window the detector has already seen are published but not examined again.
    /// </summary>
    public void Ingest(in OrderStreamEvent streamEvent, List<WindowResult> published, List<AnomalyDetected> anomalies)
    {
        var from = published.Count;
        Engine.Ingest(streamEvent, published);
        if (Engine.Watermark is not { } watermark)
        {
            return;
        }

        var closedUntil = watermark.UtcTicks / _windowTicks * _windowTicks;
        if (ExaminedUntil is not { } examined)
        {
            // Nothing before the first event's windows is the shop's history.
            ExaminedUntil = new DateTimeOffset(closedUntil, TimeSpan.Zero);
            return;
        }
        if (closedUntil <= examined.UtcTicks)
        {
            return;
        }

        var start = Math.Max(examined.UtcTicks, closedUntil - MostEmptyWindowsExamined * _windowTicks);
        for (var windowStart = start; windowStart < closedUntil; windowStart += _windowTicks)
        {
            var closed = ClosedWindow(published, from, windowStart);
            if (closed is null)
            {
                Detector.ObserveEmpty(At(windowStart), At(windowStart + _windowTicks), anomalies);
            }
            else
            {
                Detector.Observe(closed, anomalies);
            }
        }
        ExaminedUntil = At(closedUntil);
    }

    private static WindowResult? ClosedWindow(List<WindowResult> published, int from, long windowStart)
    {
        for (var i = from; i < published.Count; i++)
        {
            var result = published[i];
            if (result.Kind == WindowKind.Tumbling && result.Start.UtcTicks == windowStart)
            {
                return result;
            }
        }
        return null;
    }

    private static DateTimeOffset At(long ticks) => new(ticks, TimeSpan.Zero);
}
