using System.Collections.Immutable;
using Bazaar.Contracts.Analytics;

namespace Bazaar.Analytics.Anomalies;

/// <summary>
/// Judges each closed tumbling window against what its figures usually are: the orders placed, the revenue in each
/// currency and the payment-failure rate. A figure further than <see cref="AnomalyOptions.Threshold"/> baseline
/// deviations from its expected value is a spike or a drop (for the failure rate, only a spike is bad news); a window
/// without orders where many are expected is an outage, reported once, without the revenue drops that come with it.
/// </summary>
/// <remarks>
/// <para>
/// Baselines are exponentially weighted moving averages (see <see cref="Baseline"/>) rather than a median and MAD over
/// a trailing history: a moving average is four numbers per baseline where a week of history would be some two thousand
/// per figure in every checkpoint, it can carry a trend to follow the rise and fall of the day, and it keeps up with a
/// shop that grows. The robustness a median brings is had by clamping: a figure beyond the threshold enters the baselines
/// clamped to it, so a spike or an outage moves them by at most <see cref="AnomalyOptions.BaselineWeight"/> times the
/// threshold, while a lasting change is learned within hours.
/// </para>
/// <para>
/// Each figure has two baselines: the windows just before it, and its hour of the day (UTC), trusted once it has seen
/// <see cref="AnomalyOptions.HourOfDayMinSamples"/> windows; until then the first judges alone. Requiring both to agree
/// flags a third as many ordinary windows as either alone on synthetic traffic, for a few points of sensitivity. A
/// baseline's deviation never goes below the noise of orders arriving at random, nor below
/// <see cref="AnomalyOptions.DeviationFloor"/>, so a flat history does not make a tiny change an anomaly.
/// <c>Score</c> is the distance, in deviations, of the figure's square root from the baseline's forecast, always
/// positive: <c>Kind</c> gives the direction.
/// </para>
/// <para>
/// Deterministic: what it flags, and its state, depend only on the windows and their order, with no clock, no I/O and no
/// hash-ordered tables. The anomaly id is made of the metric, currency and window start, so a replay gives the same
/// ids. Not thread-safe.
/// </para>
/// </remarks>
public sealed class AnomalyDetector
{
    private const int StateFormat = 1;

    /// <summary>The deviation of the square root of a count of random arrivals, whatever their rate.</summary>
    private const double ArrivalNoise = 0.5;

    private const double AnscombeOffset = 3.0 / 8;

    private readonly AnomalyOptions _options;
    private Series _orders = new(AnomalyMetric.Orders, null);
    private Series _failureRate = new(AnomalyMetric.PaymentFailureRate, null);
    private readonly SortedDictionary<string, Series> _revenue = new(StringComparer.Ordinal);

    /// <exception cref="ArgumentException">The options are invalid (see <see cref="AnomalyOptions.Validate"/>).</exception>
    public AnomalyDetector(AnomalyOptions options)
    {
        options.Validate();
        _options = options;
    }

    public long WindowsObserved { get; private set; }

    /// <summary>End of the last window observed, null before the first: the next one should start there.</summary>
    public DateTimeOffset? LastWindowEnd { get; private set; }

    /// <summary>
    /// Judges a tumbling window the watermark closed (its revision 1) and adds to <paramref name="found"/> one anomaly per
    /// flagged figure, ordered by metric then currency. Windows are expected in time order, gaps filled with
    /// <see cref="ObserveEmpty"/>. Corrections (revision 2 on) and windows before <see cref="LastWindowEnd"/>
    /// (already observed, or a first revision that came late) are ignored, so a window given twice counts once.
    /// </summary>
    /// <exception cref="ArgumentException">The window is a sliding view, a preview of an open window, or ends before it starts.</exception>
    public void Observe(WindowResult closedTumblingWindow, List<AnomalyDetected> found)
    {
        var window = closedTumblingWindow;
        if (window.Kind != WindowKind.Tumbling || window.Revision < 1 || window.End <= window.Start)
        {
            throw new ArgumentException("Only closed tumbling windows are judged.", nameof(closedTumblingWindow));
        }
        if (window.Revision > 1 || window.Start < LastWindowEnd)
        {
            return;
        }

        var hour = window.Start.UtcDateTime.Hour;
        var outage = JudgeOrders(window, hour, found);
        JudgeFailureRate(window, hour, found);
        JudgeRevenue(window, hour, outage, found);
        WindowsObserved++;
        LastWindowEnd = window.End;
    }

    /// <summary>Judges a window in which nothing happened: the window engine publishes none, but an outage is one.</summary>
    public void ObserveEmpty(DateTimeOffset start, DateTimeOffset end, List<AnomalyDetected> found) =>
        Observe(new WindowResult(WindowKind.Tumbling, start, end, 1, 0, 0, 0, 0, 0, [], [], [], [], []), found);

    public DetectorState ToState()
    {
        var series = new List<SeriesState>(2 + _revenue.Count) { _orders.ToState(), _failureRate.ToState() };
        foreach (var revenue in _revenue.Values)
        {
            series.Add(revenue.ToState());
        }
        return new DetectorState(StateFormat, WindowsObserved, LastWindowEnd, series);
    }

    /// <summary>A detector in the state <paramref name="state"/> recorded; feed it the windows after its <see cref="LastWindowEnd"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid, or the state is of another format or inconsistent.</exception>
    public static AnomalyDetector Restore(AnomalyOptions options, DetectorState state)
    {
        var detector = new AnomalyDetector(options);
        if (state.Format != StateFormat)
        {
            throw new ArgumentException($"Anomaly detector state format {state.Format} is not {StateFormat}.", nameof(state));
        }
        if (state.WindowsObserved < 0 || (state.WindowsObserved == 0) != (state.LastWindowEnd is null))
        {
            throw new ArgumentException("The anomaly detector state's window count does not fit its last window.", nameof(state));
        }
        detector.WindowsObserved = state.WindowsObserved;
        detector.LastWindowEnd = state.LastWindowEnd;
        var seen = new HashSet<(string, string?)>();
        foreach (var seriesState in state.Series)
        {
            var series = Series.FromState(seriesState);
            if (!seen.Add((series.Metric, series.Currency)))
            {
                throw new ArgumentException($"The anomaly detector state lists {series.Metric} {series.Currency} twice.", nameof(state));
            }
            switch (series.Metric, series.Currency)
            {
                case (AnomalyMetric.Orders, null):
                    detector._orders = series;
                    break;
                case (AnomalyMetric.PaymentFailureRate, null):
                    detector._failureRate = series;
                    break;
                case (AnomalyMetric.Revenue, { } currency):
                    detector._revenue.Add(currency, series);
                    break;
                default:
                    throw new ArgumentException($"The anomaly detector state has an unknown series {series.Metric} {series.Currency}.", nameof(state));
            }
        }
        return detector;
    }

    /// <returns>Whether the window is an outage.</returns>
    private bool JudgeOrders(WindowResult window, int hour, List<AnomalyDetected> found)
    {
        var orders = window.OrdersPlaced;
        var verdict = Judge(_orders, hour, orders, unit: 1, minExpected: 0);
        if (!verdict.Judged)
        {
            return false;
        }
        string? kind;
        string description;
        if (orders == 0)
        {
            if (!IsOutage(verdict.LeastExpected))
            {
                return false;
            }
            kind = AnomalyKind.Outage;
            verdict = verdict with { Expected = verdict.LeastExpected };
            description = $"No orders in {AnomalyText.Period(window)}, expected about {AnomalyText.About(verdict.Expected)}";
        }
        else
        {
            kind = Direction(verdict.Score);
            if (kind is null)
            {
                return false;
            }
            description = $"Orders {orders} in {AnomalyText.Period(window)}, expected about {AnomalyText.About(verdict.Expected)}";
        }
        found.Add(Anomaly(AnomalyMetric.Orders, kind, null, window, orders, Math.Round((decimal)verdict.Expected, 2), verdict, description));
        return kind == AnomalyKind.Outage;
    }

    /// <summary>
    /// Whether no orders at all, where <paramref name="expectedOrders"/> were expected, is an outage. An empty window is
    /// judged by this rule alone, not by its score: the square root of a count makes a zero look less likely than it
    /// is (at 5 expected orders, more than four deviations away, yet one window in 150 is empty by chance).
    /// </summary>
    private bool IsOutage(double expectedOrders) => expectedOrders >= _options.OutageMinExpectedOrders;

    /// <remarks>
    /// A rate over a few orders swings from 0 to 100% with a single failure, so windows with fewer than
    /// <see cref="AnomalyOptions.FailureRateMinOrders"/> orders are neither judged nor learned from.
    /// </remarks>
    private void JudgeFailureRate(WindowResult window, int hour, List<AnomalyDetected> found)
    {
        var orders = window.OrdersPlaced;
        if (orders < _options.FailureRateMinOrders)
        {
            return;
        }
        long failures = 0;
        foreach (var reason in window.PaymentFailures)
        {
            failures += reason.Count;
        }
        var rate = (double)failures / orders;
        // The failures are a count of random arrivals too, each adding 1 / orders to the rate.
        var verdict = Judge(_failureRate, hour, rate, unit: 1.0 / orders, minExpected: 0);
        // Fewer failures than usual is good news, not an incident.
        if (!verdict.Judged || Direction(verdict.Score) != AnomalyKind.Spike)
        {
            return;
        }
        var description = $"Payment failures {AnomalyText.Percent(rate)} of {orders} orders in {AnomalyText.Period(window)}, "
            + $"expected about {AnomalyText.Percent(verdict.Expected)}";
        found.Add(Anomaly(AnomalyMetric.PaymentFailureRate, AnomalyKind.Spike, null, window,
            Math.Round((decimal)failures / orders, 4), Math.Round((decimal)verdict.Expected, 4), verdict, description));
    }

    private void JudgeRevenue(WindowResult window, int hour, bool outage, List<AnomalyDetected> found)
    {
        foreach (var figures in window.Revenue)
        {
            if (!_revenue.ContainsKey(figures.Currency))
            {
                _revenue.Add(figures.Currency, new Series(AnomalyMetric.Revenue, figures.Currency));
            }
        }
        foreach (var (currency, series) in _revenue)
        {
            var figures = Find(window.Revenue, currency);
            var revenue = figures?.Revenue ?? 0m;
            var orderValue = series.AverageOrderValue ?? 0;
            // Orders arriving at random, each adding about the average order value.
            var verdict = Judge(series, hour, (double)revenue, unit: orderValue,
                minExpected: orderValue > 0 ? _options.RevenueMinExpectedOrders * orderValue : double.PositiveInfinity);
            if (figures is { Orders: > 0 })
            {
                var value = (double)figures.Revenue / figures.Orders;
                series.AverageOrderValue = series.AverageOrderValue is { } average ? average + _options.BaselineWeight * (value - average) : value;
            }
            if (!verdict.Judged || Direction(verdict.Score) is not { } kind)
            {
                continue;
            }
            // The outage says it all; and no orders in this currency is judged as an outage would be.
            if (revenue == 0 && (outage || !IsOutage(verdict.LeastExpected / orderValue)))
            {
                continue;
            }
            var description = $"Revenue {AnomalyText.Money(revenue)} {currency} in {AnomalyText.Period(window)}, "
                + $"expected about {AnomalyText.About(verdict.Expected)} {currency}";
            found.Add(Anomaly(AnomalyMetric.Revenue, kind, currency, window, revenue, Math.Round((decimal)verdict.Expected, 2), verdict, description));
        }
    }

    /// <summary>
    /// Judges <paramref name="value"/> against the series' baselines (once the series is past its warm-up), then adds it to
    /// them, clamped to the threshold when it lies beyond, so one anomaly does not drag the baselines after it.
    /// </summary>
    /// <remarks>
    /// A figure is anomalous only if it is so, the same way, both against the windows just before it and against its hour
    /// of the day (once that hour's baseline is trusted), and the less anomalous verdict speaks. Each baseline alone is
    /// fooled by something ordinary: the recent windows by a turn in the day's curve, which their trend takes a while to
    /// follow; the hour of the day by a busier day than yesterday, or by the turn of an hour, when it still holds the end
    /// of that hour yesterday. <paramref name="unit"/> is what one arrival adds to the figure: an order, an order's value,
    /// one failure among the window's orders. Neither baseline judges where it expects less than <paramref name="minExpected"/>.
    /// </remarks>
    private Verdict Judge(Series series, int hour, double value, double unit, double minExpected)
    {
        // Anscombe's 3/8 keeps a count's square root closer to normal in its lower tail. On the plain square root, 12
        // orders where 30 are expected lie four deviations away, one window in 30,000 on a bell curve, yet one in 6,000
        // has as few; with the 3/8, four deviations away is 11 orders or fewer, one window in 16,000.
        var offset = AnscombeOffset * unit;
        var root = Math.Sqrt(value + offset);
        var verdict = Verdict.None;
        if (series.AllHours.Samples >= _options.WarmUpWindows)
        {
            verdict = Against(series.AllHours, root, offset, unit, minExpected);
            if (series.OwnHour(hour, _options) is { } own)
            {
                verdict = Weaker(verdict, Against(own, root, offset, unit, minExpected));
            }
            if (Math.Abs(verdict.Score) >= _options.Threshold)
            {
                var limit = _options.Threshold * verdict.Deviation;
                root = Math.Clamp(root, Math.Max(verdict.Forecast - limit, Math.Sqrt(offset)), verdict.Forecast + limit);
            }
        }
        series.Add(hour, root, _options.BaselineWeight);
        return verdict;
    }

    private Verdict Against(Baseline baseline, double root, double offset, double unit, double minExpected)
    {
        // A forecast below the root of nothing expects nothing.
        var forecast = Math.Max(baseline.Forecast, Math.Sqrt(offset));
        var expected = forecast * forecast - offset;
        if (expected < minExpected)
        {
            return Verdict.None;
        }
        // Never below the noise of arrivals at random, nor below a change of DeviationFloor × expected.
        var noise = ArrivalNoise * Math.Sqrt(unit);
        var floor = _options.DeviationFloor * forecast / 2;
        var deviation = Math.Max(baseline.Deviation, Math.Max(noise, floor));
        return deviation > 0 ? new Verdict(true, expected, (root - forecast) / deviation, forecast, deviation, expected) : Verdict.None;
    }

    private static Verdict Weaker(Verdict recent, Verdict seasonal)
    {
        if (!recent.Judged || !seasonal.Judged)
        {
            return Verdict.None;
        }
        var weaker = (Math.Abs(seasonal.Score) <= Math.Abs(recent.Score) ? seasonal : recent) with
        {
            LeastExpected = Math.Min(recent.Expected, seasonal.Expected),
        };
        return Math.Sign(recent.Score) == Math.Sign(seasonal.Score) ? weaker : weaker with { Score = 0 };
    }

    private string? Direction(double score) =>
        score >= _options.Threshold ? AnomalyKind.Spike : score <= -_options.Threshold ? AnomalyKind.Drop : null;

    private static CurrencyFigures? Find(ImmutableArray<CurrencyFigures> revenue, string currency)
    {
        foreach (var figures in revenue)
        {
            if (string.Equals(figures.Currency, currency, StringComparison.Ordinal))
            {
                return figures;
            }
        }
        return null;
    }

    private static AnomalyDetected Anomaly(
        string metric, string kind, string? currency, WindowResult window, decimal observed, decimal expected, Verdict verdict, string description) =>
        new(AnomalyText.Id(metric, currency, window.Start), metric, kind, currency, window.Start, window.End,
            observed, expected, Math.Round(Math.Abs(verdict.Score), 2), description);

    /// <param name="Judged">False during the warm-up, or where a baseline expects too little to judge.</param>
    /// <param name="Expected">What the baseline expected, in the figure's own unit.</param>
    /// <param name="Score">Signed deviations of the figure's square root from the baseline's forecast.</param>
    /// <param name="Forecast">The baseline's forecast, on the square-root scale.</param>
    /// <param name="Deviation">The baseline's deviation, floors applied, on the square-root scale.</param>
    /// <param name="LeastExpected">The lower of the baselines' means: an outage is no orders where both expect many.</param>
    private readonly record struct Verdict(bool Judged, double Expected, double Score, double Forecast, double Deviation, double LeastExpected)
    {
        public static Verdict None => default;
    }
}
