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
    public int CheckpointEveryEvents { get; set; } = 100_000;

    /// <summary>...or this long after the last one, if an event came in since.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the input may be quiet before the processor appends a clock tick to it, which moves the watermark on
    /// so that windows close while no orders come in (and a window with none can be seen as an outage).
    /// </summary>
    public TimeSpan ClockTickAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the process running the stream holds it without renewing; another replica takes over after that.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

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
        if (ClockTickAfter <= TimeSpan.Zero || LeaseDuration < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException("The clock tick needs a positive delay, and the lease at least a second.", nameof(ClockTickAfter));
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
