namespace Bazaar.Analytics.Windows;

/// <summary>
/// Says when to checkpoint: after <see cref="AnalyticsOptions.CheckpointEveryEvents"/> events, or once
/// <see cref="AnalyticsOptions.CheckpointInterval"/> has passed since the last checkpoint and an event came in since.
/// Wall-clock time lives here and not in <see cref="WindowEngine"/>, so no result depends on it: a checkpoint taken
/// at another moment holds the same state for the same position.
/// </summary>
public sealed class CheckpointSchedule
{
    private readonly AnalyticsOptions _options;
    private readonly TimeProvider _time;
    private long _lastTakenAt;
    private int _eventsSince;

    public CheckpointSchedule(AnalyticsOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _lastTakenAt = time.GetTimestamp();
    }

    /// <summary>Events ingested since the last checkpoint.</summary>
    public int EventsSinceCheckpoint => _eventsSince;

    /// <summary>Polled also when the stream is idle, so that the last events do not wait for more to come.</summary>
    public bool IsDue =>
        _eventsSince > 0
        && (_eventsSince >= _options.CheckpointEveryEvents || _time.GetElapsedTime(_lastTakenAt) >= _options.CheckpointInterval);

    /// <returns>Whether a checkpoint is due now.</returns>
    public bool EventIngested()
    {
        _eventsSince++;
        return IsDue;
    }

    public void CheckpointTaken()
    {
        _eventsSince = 0;
        _lastTakenAt = _time.GetTimestamp();
    }
}
