namespace Bazaar.Analytics.Windows;

/// <summary>Bound from <c>Bazaar:Analytics</c>.</summary>
public sealed class AnalyticsOptions
{
    /// <summary>Length of the tumbling windows; they are aligned to midnight UTC when the length divides a day.</summary>
    public TimeSpan WindowSize { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Length of the sliding view, a whole number of windows.</summary>
    public TimeSpan SlidingViewSize { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How far the sliding view advances each time, a whole number of windows.</summary>
    public TimeSpan SlidingViewStep { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How far the watermark trails the latest event time seen; a window closes when the watermark reaches its end.</summary>
    public TimeSpan AllowedLateness { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long after its end a closed window still takes late events as corrections and remembers the event ids it
    /// counted (to drop duplicates); a whole number of windows. Events for older windows are dropped and counted.
    /// </summary>
    public TimeSpan CorrectionHorizon { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Length of the top-products lists.</summary>
    public int TopProducts { get; set; } = 10;

    /// <summary>A checkpoint is due after this many events...</summary>
    public int CheckpointEveryEvents { get; set; } = 10_000;

    /// <summary>...or this long after the last one, if an event came in since.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <exception cref="ArgumentException">A setting is out of range or does not fit the window size.</exception>
    public void Validate()
    {
        if (WindowSize <= TimeSpan.Zero)
        {
            throw new ArgumentException("The window size must be positive.", nameof(WindowSize));
        }
        RequireWholeWindows(SlidingViewSize, nameof(SlidingViewSize), allowZero: false);
        RequireWholeWindows(SlidingViewStep, nameof(SlidingViewStep), allowZero: false);
        RequireWholeWindows(CorrectionHorizon, nameof(CorrectionHorizon), allowZero: true);
        if (SlidingViewStep > SlidingViewSize)
        {
            throw new ArgumentException("The sliding view cannot advance by more than its length.", nameof(SlidingViewStep));
        }
        if (AllowedLateness < TimeSpan.Zero)
        {
            throw new ArgumentException("The allowed lateness cannot be negative.", nameof(AllowedLateness));
        }
        if (TopProducts <= 0)
        {
            throw new ArgumentException("The top-products lists need at least one entry.", nameof(TopProducts));
        }
        if (CheckpointEveryEvents <= 0 || CheckpointInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("Checkpoints need a positive event count and interval.", nameof(CheckpointEveryEvents));
        }
    }

    private void RequireWholeWindows(TimeSpan value, string name, bool allowZero)
    {
        if (value < TimeSpan.Zero || (value == TimeSpan.Zero && !allowZero) || value.Ticks % WindowSize.Ticks != 0)
        {
            throw new ArgumentException($"{name} must be a {(allowZero ? "" : "positive ")}whole number of windows ({WindowSize}).", name);
        }
    }
}
