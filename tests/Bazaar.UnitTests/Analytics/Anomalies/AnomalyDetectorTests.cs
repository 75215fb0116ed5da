using System.Text.Json;
using Bazaar.Analytics.Anomalies;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Analytics;
using Xunit;
using static Bazaar.UnitTests.Analytics.Anomalies.SyntheticTraffic;

namespace Bazaar.UnitTests.Analytics.Anomalies;

public sealed class AnomalyDetectorTests
{
    private const int Seed = 20261102;
    private const int Days = 6;

    /// <summary>14:30 on the fifth day: busy, and long past the warm-up and the hour-of-day baselines' own.</summary>
    private static readonly int Planted = IndexOf(day: 4, hour: 14, minute: 30);

    private static readonly AnomalyOptions Options = new();

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, EventJson.Options);

    private static List<WindowResult> Traffic() => Generate(Seed, Days);

    private static List<WindowResult> With(int index, Func<WindowResult, WindowResult> plant)
    {
        var windows = Traffic();
        windows[index] = plant(windows[index]);
        return windows;
    }

    private static List<AnomalyDetected> Detect(IEnumerable<WindowResult> windows) => new AnomalyDetector(Options).Feed(windows);

    private static void AssertAllIn(WindowResult window, List<AnomalyDetected> found) =>
        Assert.All(found, a => Assert.Equal((window.Start, window.End), (a.WindowStart, a.WindowEnd)));

    [Fact]
    public void Days_of_ordinary_traffic_with_busy_afternoons_and_quiet_nights_raise_nothing()
    {
        var windows = Traffic();
        // The traffic is what the detector is meant for: busy afternoons, windows without a single order at night.
        Assert.Contains(windows, w => w.OrdersPlaced >= 40);
        Assert.Contains(windows.Skip(WindowsPerDay), IsEmpty);

        var detector = new AnomalyDetector(Options);
        var found = detector.Feed(windows);

        Assert.Empty(found);
        Assert.Equal(windows.Count, detector.WindowsObserved);
        Assert.Equal(windows[^1].End, detector.LastWindowEnd);
    }

    [Fact]
    public void Three_times_the_usual_orders_is_a_spike_in_orders()
    {
        var windows = With(Planted, w => Scaled(w, 3));

        var found = Detect(windows);

        var spike = Assert.Single(found, a => a.Metric == AnomalyMetric.Orders);
        Assert.Equal(AnomalyKind.Spike, spike.Kind);
        Assert.Equal(windows[Planted].OrdersPlaced, spike.Observed);
        Assert.InRange(spike.Expected, spike.Observed / 5, spike.Observed / 2);
        Assert.True(spike.Score >= Options.Threshold);
        AssertAllIn(windows[Planted], found);
    }

    [Fact]
    public void A_tenth_of_the_usual_orders_is_a_drop_in_orders()
    {
        var windows = With(Planted, w => Scaled(w, 0.1));

        var found = Detect(windows);

        var drop = Assert.Single(found, a => a.Metric == AnomalyMetric.Orders);
        Assert.Equal(AnomalyKind.Drop, drop.Kind);
        Assert.True(drop.Observed > 0);
        Assert.True(drop.Expected > 3 * drop.Observed);
        AssertAllIn(windows[Planted], found);
    }

    [Fact]
    public void No_orders_at_a_busy_hour_is_one_outage_and_nothing_else()
    {
        var windows = With(Planted, Empty);

        var found = Detect(windows);

        var outage = Assert.Single(found);
        Assert.Equal((AnomalyMetric.Orders, AnomalyKind.Outage, (string?)null), (outage.Metric, outage.Kind, outage.Currency));
        Assert.Equal(0m, outage.Observed);
        Assert.True(outage.Expected >= 20, $"expected {outage.Expected}");
        Assert.Equal("orders-20261106T143000Z", outage.AnomalyId);
        Assert.Equal((At(4, 14 * 12 + 6), At(4, 14 * 12 + 7)), (outage.WindowStart, outage.WindowEnd));
        Assert.StartsWith("No orders in 14:30–14:35 UTC on 2026-11-06, expected about ", outage.Description, StringComparison.Ordinal);
        Assert.EndsWith(Math.Round(outage.Expected).ToString("#,0", System.Globalization.CultureInfo.InvariantCulture), outage.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Nights_without_a_single_order_are_not_outages_but_an_afternoon_without_one_is()
    {
        // Nobody orders between 23:00 and 07:00: every night is a third of a day of empty windows.
        var windows = Generate(Seed, Days + 1, nightOrders: 0);
        var afternoon = IndexOf(day: Days, hour: 15);
        Assert.True(windows[..afternoon].Count(IsEmpty) > Days * WindowsPerDay / 4);
        var detector = new AnomalyDetector(Options);

        var found = detector.Feed(windows[..afternoon]);
        Assert.Empty(found);

        detector.ObserveEmpty(windows[afternoon].Start, windows[afternoon].End, found);
        Assert.Equal(AnomalyKind.Outage, Assert.Single(found).Kind);
    }

    [Fact]
    public void Half_the_payments_failing_is_a_spike_in_the_payment_failure_rate_and_nothing_else()
    {
        var windows = With(Planted, w => w with { PaymentFailures = [new ReasonCount("payment_card_declined", w.OrdersPlaced / 2)] });

        var found = Detect(windows);

        var spike = Assert.Single(found);
        Assert.Equal((AnomalyMetric.PaymentFailureRate, AnomalyKind.Spike), (spike.Metric, spike.Kind));
        Assert.Equal(Math.Round((decimal)(windows[Planted].OrdersPlaced / 2) / windows[Planted].OrdersPlaced, 4), spike.Observed);
        Assert.InRange(spike.Expected, 0.01m, 0.1m);
        Assert.Matches(@"^Payment failures (4\d(\.\d)?|50)% of \d+ orders in 14:30–14:35 UTC on 2026-11-06, expected about \d(\.\d)?%$", spike.Description);
    }

    [Fact]
    public void Orders_at_a_tenth_of_their_usual_price_are_a_drop_in_that_currencys_revenue()
    {
        var windows = With(Planted, w => w with
        {
            Revenue = [.. w.Revenue.Select(c => c.Currency == "USD" ? c with { Revenue = c.Revenue / 10 } : c)],
        });

        var found = Detect(windows);

        var drop = Assert.Single(found);
        Assert.Equal((AnomalyMetric.Revenue, AnomalyKind.Drop, "USD"), (drop.Metric, drop.Kind, drop.Currency));
        Assert.Equal(windows[Planted].Revenue.Single(c => c.Currency == "USD").Revenue, drop.Observed);
        Assert.Equal("revenue-USD-20261106T143000Z", drop.AnomalyId);
        Assert.Matches(@"^Revenue [\d,]+\.\d\d USD in 14:30–14:35 UTC on 2026-11-06, expected about [\d,]+ USD$", drop.Description);
    }

    [Fact]
    public void A_busy_afternoons_orders_in_the_middle_of_the_night_are_a_spike()
    {
        var night = IndexOf(day: 4, hour: 3);
        var windows = With(night, w => Traffic()[Planted] with { Start = w.Start, End = w.End });

        var found = Detect(windows);

        Assert.Contains(found, a => a.Metric == AnomalyMetric.Orders && a.Kind == AnomalyKind.Spike && a.WindowStart == windows[night].Start);
        AssertAllIn(windows[night], found);
    }

    [Fact]
    public void A_spike_or_an_outage_does_not_make_the_windows_after_it_anomalies()
    {
        // A flash crowd, then an hour of outage the next day: once each is over, traffic is ordinary again.
        var windows = Traffic();
        windows[Planted] = Scaled(windows[Planted], 10);
        var outage = Enumerable.Range(IndexOf(day: 5, hour: 12), 12).ToList();
        foreach (var index in outage)
        {
            windows[index] = Empty(windows[index]);
        }

        var found = Detect(windows);

        Assert.Contains(found, a => a.Metric == AnomalyMetric.Orders && a.Kind == AnomalyKind.Spike && a.WindowStart == windows[Planted].Start);
        Assert.All(found.Where(a => a.Kind == AnomalyKind.Outage), a => Assert.Contains(outage, i => windows[i].Start == a.WindowStart));
        Assert.True(found.Count(a => a.Kind == AnomalyKind.Outage) >= 6);
        Assert.All(found, a => Assert.True(a.WindowStart == windows[Planted].Start || outage.Any(i => windows[i].Start == a.WindowStart), a.Description));
    }

    [Fact]
    public void A_detector_restored_from_its_state_midway_flags_exactly_what_an_uninterrupted_one_does()
    {
        var windows = Traffic();
        var spike = Planted + 6;
        var failures = Planted + WindowsPerDay;
        windows[Planted] = Empty(windows[Planted]);
        windows[spike] = Scaled(windows[spike], 4);
        windows[failures] = windows[failures] with { PaymentFailures = [new ReasonCount("payment_card_declined", windows[failures].OrdersPlaced)] };
        var uninterrupted = new AnomalyDetector(Options);
        var expected = uninterrupted.Feed(windows);
        Assert.Contains(expected, a => a.Kind == AnomalyKind.Outage);
        Assert.Contains(expected, a => a.Metric == AnomalyMetric.Orders && a.Kind == AnomalyKind.Spike);
        Assert.Contains(expected, a => a.Metric == AnomalyMetric.PaymentFailureRate);

        var found = new List<AnomalyDetected>();
        var detector = new AnomalyDetector(Options);
        var restartAt = new[] { 100, WindowsPerDay + 7, 3 * WindowsPerDay, Planted, Planted + 1, spike + 1, failures, windows.Count - 1 };
        var from = 0;
        foreach (var restart in restartAt)
        {
            found.AddRange(detector.Feed(windows[from..restart]));
            var json = detector.ToState().ToJson();
            detector = AnomalyDetector.Restore(Options, DetectorState.FromJson(json));
            Assert.Equal(json, detector.ToState().ToJson());
            from = restart;
        }
        found.AddRange(detector.Feed(windows[from..]));

        Assert.Equal(Json(expected), Json(found));
        Assert.Equal(uninterrupted.ToState().ToJson(), detector.ToState().ToJson());
    }

    [Fact]
    public void A_window_given_twice_or_corrected_later_is_judged_once()
    {
        var windows = With(Planted, Empty);
        var expected = new AnomalyDetector(Options);
        var once = expected.Feed(windows);

        var detector = new AnomalyDetector(Options);
        var found = new List<AnomalyDetected>();
        foreach (var window in windows)
        {
            found.AddRange(detector.Feed([window, window, Scaled(window, 5) with { Revision = 2 }]));
        }

        Assert.Equal(Json(once), Json(found));
        Assert.Equal(expected.ToState().ToJson(), detector.ToState().ToJson());
    }

    [Fact]
    public void Sliding_views_and_open_windows_are_refused()
    {
        var detector = new AnomalyDetector(Options);
        var window = Traffic()[0];

        Assert.Throws<ArgumentException>(() => detector.Observe(window with { Kind = WindowKind.Sliding }, []));
        Assert.Throws<ArgumentException>(() => detector.Observe(window with { Revision = 0 }, []));
        Assert.Throws<ArgumentException>(() => detector.ObserveEmpty(window.End, window.Start, []));
    }

    [Fact]
    public void A_state_of_another_format_or_listing_a_series_twice_is_refused()
    {
        var detector = new AnomalyDetector(Options);
        detector.Feed(Traffic()[..50]);
        var state = DetectorState.FromJson(detector.ToState().ToJson());

        Assert.Throws<ArgumentException>(() => AnomalyDetector.Restore(Options, state with { Format = 2 }));
        Assert.Throws<ArgumentException>(() => AnomalyDetector.Restore(Options, state with { Series = [.. state.Series, state.Series[0]] }));
        Assert.Throws<ArgumentException>(() => AnomalyDetector.Restore(Options, state with { LastWindowEnd = null }));
    }

    [Fact]
    public void The_default_options_are_valid()
    {
        new AnomalyOptions().Validate();
    }

    public static TheoryData<string, Action<AnomalyOptions>> InvalidOptions => new()
    {
        { nameof(AnomalyOptions.Threshold), o => o.Threshold = 0 },
        { nameof(AnomalyOptions.Threshold), o => o.Threshold = double.NaN },
        { nameof(AnomalyOptions.BaselineWeight), o => o.BaselineWeight = 0 },
        { nameof(AnomalyOptions.BaselineWeight), o => o.BaselineWeight = 1 },
        { nameof(AnomalyOptions.WarmUpWindows), o => o.WarmUpWindows = 1 },
        { nameof(AnomalyOptions.HourOfDayMinSamples), o => o.HourOfDayMinSamples = 0 },
        { nameof(AnomalyOptions.OutageMinExpectedOrders), o => o.OutageMinExpectedOrders = 0 },
        { nameof(AnomalyOptions.OutageMinExpectedOrders), o => o.OutageMinExpectedOrders = double.PositiveInfinity },
        { nameof(AnomalyOptions.FailureRateMinOrders), o => o.FailureRateMinOrders = 0 },
        { nameof(AnomalyOptions.RevenueMinExpectedOrders), o => o.RevenueMinExpectedOrders = -1 },
        { nameof(AnomalyOptions.DeviationFloor), o => o.DeviationFloor = -0.1 },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void An_out_of_range_setting_is_refused_naming_it(string setting, Action<AnomalyOptions> change)
    {
        var options = new AnomalyOptions();
        change(options);

        Assert.Equal(setting, Assert.Throws<ArgumentException>(options.Validate).ParamName);
        Assert.Throws<ArgumentException>(() => new AnomalyDetector(options));
    }
}
