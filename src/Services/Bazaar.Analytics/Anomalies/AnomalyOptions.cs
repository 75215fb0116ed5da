namespace Bazaar.Analytics.Anomalies;

/// <summary>Bound from <see cref="SectionName"/>; the defaults suit 5-minute windows.</summary>
public sealed class AnomalyOptions
{
    public const string SectionName = "Bazaar:Analytics:Anomalies";

    /// <summary>How many baseline deviations from the expected value make a window's figure a spike or a drop.</summary>
    public double Threshold { get; set; } = 4;

    /// <summary>
    /// How much each new window weighs in a baseline, an exponentially weighted moving average: 0.1 remembers about the
    /// last ten windows of each baseline, so an hour-of-day baseline follows that hour over the last day or so.
    /// </summary>
    public double BaselineWeight { get; set; } = 0.1;

    /// <summary>
    /// How many windows a figure's baseline has to have seen before the figure is judged: a day of 5-minute windows, so
    /// that the baseline has been through every hour once. A currency seen for the first time starts its own warm-up.
    /// </summary>
    public int WarmUpWindows { get; set; } = 288;

    /// <summary>Whether a window is compared with its hour of the day (UTC) rather than with the windows just before it.</summary>
    public bool HourOfDaySeasonality { get; set; } = true;

    /// <summary>
    /// How many windows of an hour of the day its own baseline needs before it is trusted; until then the all-hours
    /// baseline judges alone. 12 is a day of 5-minute windows, so with the default warm-up it is trusted by the time
    /// anything is judged.
    /// </summary>
    public int HourOfDayMinSamples { get; set; } = 12;

    /// <summary>
    /// A window with no orders is an outage when its baseline expects at least this many. Orders arriving at random
    /// leave a window empty with a chance of e^-expected: 1 in 150 at 5 expected orders, a false alarm every couple of
    /// days at a small shop's daytime rate; 1 in 3,000 at 8.
    /// </summary>
    public double OutageMinExpectedOrders { get; set; } = 8;

    /// <summary>The fewest orders a window needs for its payment-failure rate to be judged (and to count in the baseline).</summary>
    public int FailureRateMinOrders { get; set; } = 20;

    /// <summary>
    /// A currency's revenue is judged only where its baseline expects at least this many orders in that currency:
    /// revenue made of a handful of orders is one large order away from a spike that nobody needs to hear about.
    /// </summary>
    public double RevenueMinExpectedOrders { get; set; } = 5;

    /// <summary>
    /// The smallest baseline deviation, as a fraction of the expected value, so a perfectly regular history does not
    /// make a tiny change an anomaly: with the default threshold, a figure has to move by some 40% at least.
    /// </summary>
    public double DeviationFloor { get; set; } = 0.1;

    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (!(Threshold > 0) || !double.IsFinite(Threshold))
        {
            throw new ArgumentException("The threshold must be a positive number of deviations.", nameof(Threshold));
        }
        if (!(BaselineWeight > 0 && BaselineWeight < 1))
        {
            throw new ArgumentException("The baseline weight must lie strictly between 0 and 1.", nameof(BaselineWeight));
        }
        if (WarmUpWindows < 2)
        {
            throw new ArgumentException("The warm-up needs at least 2 windows: a baseline's spread takes two.", nameof(WarmUpWindows));
        }
        if (HourOfDayMinSamples < 2)
        {
            throw new ArgumentException("An hour-of-day baseline needs at least 2 windows.", nameof(HourOfDayMinSamples));
        }
        if (!(OutageMinExpectedOrders > 0) || !double.IsFinite(OutageMinExpectedOrders))
        {
            throw new ArgumentException("An outage needs a positive number of expected orders.", nameof(OutageMinExpectedOrders));
        }
        if (FailureRateMinOrders < 1)
        {
            throw new ArgumentException("The payment-failure rate needs at least 1 order.", nameof(FailureRateMinOrders));
        }
        if (!(RevenueMinExpectedOrders >= 0) || !double.IsFinite(RevenueMinExpectedOrders))
        {
            throw new ArgumentException("The expected orders for revenue to be judged cannot be negative.", nameof(RevenueMinExpectedOrders));
        }
        if (!(DeviationFloor >= 0) || !double.IsFinite(DeviationFloor))
        {
            throw new ArgumentException("The deviation floor cannot be negative.", nameof(DeviationFloor));
        }
    }
}
