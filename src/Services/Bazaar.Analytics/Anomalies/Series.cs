namespace Bazaar.Analytics.Anomalies;

/// <summary>One judged figure's baselines: over consecutive windows, and per hour of the day (UTC), created as windows come.</summary>
internal sealed class Series(string metric, string? currency)
{
    private const int HoursPerDay = 24;

    private readonly Baseline?[] _byHour = new Baseline?[HoursPerDay];

    public string Metric { get; } = metric;

    public string? Currency { get; } = currency;

    public Baseline AllHours { get; private set; } = new(followsTrend: true);

    /// <summary>Revenue only: what an order in this currency is usually worth, null until one is seen.</summary>
    public double? AverageOrderValue { get; set; }

    /// <summary>The hour's own baseline once it has seen enough of that hour (with seasonality on), else null.</summary>
    public Baseline? OwnHour(int hour, AnomalyOptions options) =>
        options.HourOfDaySeasonality && _byHour[hour] is { } own && own.Samples >= options.HourOfDayMinSamples ? own : null;

    public void Add(int hour, double root, double weight)
    {
        AllHours.Add(root, weight);
        (_byHour[hour] ??= new Baseline(followsTrend: false)).Add(root, weight);
    }

    public SeriesState ToState()
    {
        var baselines = new List<BaselineState>(HoursPerDay + 1);
        if (AllHours.Samples > 0)
        {
            baselines.Add(AllHours.ToState(null));
        }
        for (var hour = 0; hour < HoursPerDay; hour++)
        {
            if (_byHour[hour] is { } baseline)
            {
                baselines.Add(baseline.ToState(hour));
            }
        }
        return new SeriesState(Metric, Currency, AverageOrderValue, baselines);
    }

    public static Series FromState(SeriesState state)
    {
        if (state.AverageOrderValue is { } value && (!(value >= 0) || !double.IsFinite(value)))
        {
            throw new ArgumentException($"The average order value of the {state.Metric} series is out of range.", nameof(state));
        }
        var series = new Series(state.Metric, state.Currency) { AverageOrderValue = state.AverageOrderValue };
        var previous = -2;
        foreach (var baseline in state.Baselines)
        {
            var hour = baseline.Hour ?? -1;
            if (hour <= previous || hour >= HoursPerDay)
            {
                throw new ArgumentException($"The {state.Metric} series' baselines are not all-hours first then one per hour, in order.", nameof(state));
            }
            previous = hour;
            if (hour < 0)
            {
                series.AllHours = Baseline.FromState(baseline);
            }
            else
            {
                series._byHour[hour] = Baseline.FromState(baseline);
            }
        }
        return series;
    }
}
