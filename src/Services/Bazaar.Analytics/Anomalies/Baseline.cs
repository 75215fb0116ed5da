namespace Bazaar.Analytics.Anomalies;

/// <summary>
/// What a figure usually is, on the square-root scale: an exponentially weighted moving average <see cref="Level"/>,
/// with a <see cref="Trend"/> per window when it follows consecutive windows (Holt's linear method), and the
/// exponentially weighted <see cref="Spread"/> (a variance) of the figures around what it forecast for them.
/// </summary>
/// <remarks>
/// Why the square root: orders arrive at random, so a window's count varies by about the square root of its mean, 6
/// at 40 orders but 0.7 at 0.5. Judged as they are, quiet hours would flag a couple of orders and busy ones would hide
/// real drops; the square root of such a count varies by about ½ whatever its mean, so one threshold fits both. It
/// works as well for revenue (orders times their value) and for small failure rates (failures over orders), and,
/// unlike the arcsine or logarithm, it is computed exactly by every processor, so a restored detector matches to the bit.
/// </remarks>
internal sealed class Baseline(bool followsTrend)
{
    public long Samples { get; private set; }

    public double Level { get; private set; }

    public double Trend { get; private set; }

    public double Spread { get; private set; }

    public bool FollowsTrend { get; } = followsTrend;

    /// <summary>What the next window's root should be.</summary>
    public double Forecast => Level + Trend;

    public double Deviation => Math.Sqrt(Spread);

    public void Add(double root, double weight)
    {
        if (Samples++ == 0)
        {
            Level = root;
            return;
        }
        var forecast = Forecast;
        var difference = root - forecast;
        var level = forecast + weight * difference;
        if (FollowsTrend)
        {
            // Half the level's weight: the trend of the last twenty windows or so, steadier than the level it corrects.
            Trend += weight / 2 * (level - Level - Trend);
        }
        Level = level;
        Spread = (1 - weight) * (Spread + weight * difference * difference);
    }

    public BaselineState ToState(int? hour) => new(hour, Samples, Level, Trend, Spread);

    public static Baseline FromState(BaselineState state)
    {
        var followsTrend = state.Hour is null;
        if (state.Samples < 1 || !double.IsFinite(state.Level) || !double.IsFinite(state.Trend)
            || (!followsTrend && state.Trend != 0) || !(state.Spread >= 0) || !double.IsFinite(state.Spread))
        {
            throw new ArgumentException($"The anomaly baseline for hour {state.Hour?.ToString() ?? "(all)"} is out of range.", nameof(state));
        }
        return new Baseline(followsTrend) { Samples = state.Samples, Level = state.Level, Trend = state.Trend, Spread = state.Spread };
    }
}
