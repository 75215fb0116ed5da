using Bazaar.Analytics.Windows;
using Bazaar.Contracts.Analytics;
using Bazaar.Contracts.Ordering;
using Xunit;
using static Bazaar.UnitTests.Analytics.OrderStream;

namespace Bazaar.UnitTests.Analytics;

public sealed class WindowEngineTests
{
    private readonly OrderStream _stream = new();
    private readonly WindowEngine _engine = new(new AnalyticsOptions());

    [Fact]
    public void An_event_belongs_to_the_window_its_utc_time_falls_in_and_a_window_excludes_its_end()
    {
        var lastTick = _stream.Placed(Minutes(5) - TimeSpan.FromTicks(1), total: 1m);
        var onTheBoundary = _stream.Placed(Minutes(5), total: 2m);
        // The same instant as 00:05 UTC, written with a +02:00 offset.
        var sameInstantElsewhere = onTheBoundary with { EventId = "evt-berlin", Time = (Start + Minutes(5)).ToOffset(TimeSpan.FromHours(2)) };

        var published = _engine.Feed(lastTick, onTheBoundary, sameInstantElsewhere, _stream.Shipped(Minutes(11))).Tumbling();

        Assert.Collection(
            published,
            first =>
            {
                Assert.Equal((Start, Start + Minutes(5), 1L), (first.Start, first.End, first.OrdersPlaced));
                Assert.Equal(1m, Assert.Single(first.Revenue).Revenue);
            },
            second =>
            {
                Assert.Equal((Start + Minutes(5), Start + Minutes(10), 2L), (second.Start, second.End, second.OrdersPlaced));
                Assert.Equal(TimeSpan.Zero, second.Start.Offset);
            });
    }

    [Fact]
    public void A_window_closes_when_the_watermark_a_minute_behind_the_latest_event_reaches_its_end()
    {
        var published = new List<WindowResult>();
        _engine.Ingest(_stream.Placed(Minutes(1)), published);
        _engine.Ingest(_stream.Placed(Minutes(6) - TimeSpan.FromTicks(1)), published);
        Assert.Empty(published);
        Assert.Equal(Start + Minutes(5) - TimeSpan.FromTicks(1), _engine.Watermark);

        // Any event moves event time, counted or not.
        Assert.Equal(IngestOutcome.Ignored, _engine.Ingest(_stream.Shipped(Minutes(6)), published));

        var closed = Assert.Single(published.Tumbling());
        Assert.Equal((Start, Start + Minutes(5), 1, 1L), (closed.Start, closed.End, closed.Revision, closed.OrdersPlaced));
        Assert.Equal(Start + Minutes(5), _engine.Watermark);
        var open = Assert.Single(_engine.PreviewOpenWindows());
        Assert.Equal((Start + Minutes(5), 0, 1L), (open.Start, open.Revision, open.OrdersPlaced));
    }

    [Fact]
    public void An_older_event_does_not_move_the_watermark_back()
    {
        _engine.Feed(_stream.Placed(Minutes(4)), _stream.Placed(Minutes(2)));

        Assert.Equal(Start + Minutes(3), _engine.Watermark);
    }

    [Fact]
    public void An_event_out_of_order_within_the_allowed_lateness_counts_in_its_own_window_before_it_closes()
    {
        var published = new List<WindowResult>();
        _engine.Ingest(_stream.Placed(Minutes(2), total: 1m), published);
        _engine.Ingest(_stream.Placed(Minutes(5.5), total: 2m), published);

        // 36 seconds behind the latest event, in the window before it: still on time.
        Assert.Equal(IngestOutcome.Applied, _engine.Ingest(_stream.Placed(Minutes(4.9), total: 4m), published));
        _engine.Ingest(_stream.Shipped(Minutes(6.5)), published);

        var closed = Assert.Single(published.Tumbling());
        Assert.Equal((2L, 0L), (closed.OrdersPlaced, closed.LateEvents));
        Assert.Equal(5m, Assert.Single(closed.Revenue).Revenue);
        Assert.Equal(0, _engine.LateEvents);
    }

    [Fact]
    public void A_late_event_republishes_its_closed_window_as_revision_2_and_counts_as_late()
    {
        var published = _engine.Feed(_stream.Placed(Minutes(1), total: 10m), _stream.Shipped(Minutes(7)));
        Assert.Equal(1, Assert.Single(published.Tumbling()).Revision);

        var corrections = new List<WindowResult>();
        Assert.Equal(IngestOutcome.Correction, _engine.Ingest(_stream.Placed(Minutes(4), total: 5m), corrections));

        var corrected = Assert.Single(corrections.Tumbling());
        Assert.Equal((Start, 2, 2L, 1L), (corrected.Start, corrected.Revision, corrected.OrdersPlaced, corrected.LateEvents));
        Assert.Equal(15m, Assert.Single(corrected.Revenue).Revenue);
        Assert.Equal(1, _engine.LateEvents);
        // The sliding view ending at 00:05 holds that window, so it is corrected too.
        var view = Assert.Single(corrections.Sliding());
        Assert.Equal((Start + Minutes(5), 2, 2L), (view.End, view.Revision, view.OrdersPlaced));

        var again = _engine.Feed(_stream.Cancelled(Minutes(3))).Tumbling();
        Assert.Equal((3, 1L, 2L), (Assert.Single(again).Revision, again[0].Cancellations, again[0].LateEvents));
        Assert.Equal(2, _engine.LateEvents);
    }

    [Fact]
    public void A_late_event_in_a_window_that_had_no_events_publishes_that_window_for_the_first_time()
    {
        _engine.Feed(_stream.Placed(Minutes(1)), _stream.Placed(Minutes(20)));

        var corrections = _engine.Feed(_stream.PaymentFailed(Minutes(8), "card_declined"));

        var window = Assert.Single(corrections.Tumbling());
        Assert.Equal((Start + Minutes(5), 1, 1L), (window.Start, window.Revision, window.LateEvents));
        Assert.Equal(new ReasonCount("card_declined", 1), Assert.Single(window.PaymentFailures));
        // Views ending 00:10 and 00:15 already held the first window: revision 2; none ends after the watermark (00:19).
        Assert.Equal(
            [(Start + Minutes(10), 2), (Start + Minutes(15), 2)],
            corrections.Sliding().Select(v => (v.End, v.Revision)));
    }

    [Fact]
    public void An_event_later_than_the_correction_horizon_is_dropped_and_counted()
    {
        _engine.Feed(_stream.Placed(Minutes(1)), _stream.Placed(Minutes(67)));

        var published = new List<WindowResult>();
        Assert.Equal(IngestOutcome.TooLate, _engine.Ingest(_stream.Placed(Minutes(4)), published));
        Assert.Equal(IngestOutcome.Correction, _engine.Ingest(_stream.Placed(Minutes(6)), published));

        Assert.Equal((2L, 1L), (_engine.LateEvents, _engine.DroppedEvents));
        Assert.Equal(Start + Minutes(5), Assert.Single(published.Tumbling()).Start);
    }

    [Fact]
    public void A_redelivered_event_has_no_effect_while_its_window_is_open_or_closed()
    {
        var placed = _stream.Placed(Minutes(1), total: 10m);
        var published = new List<WindowResult>();
        Assert.Equal(IngestOutcome.Applied, _engine.Ingest(placed, published));
        Assert.Equal(IngestOutcome.Duplicate, _engine.Ingest(_stream.Redelivered(placed), published));
        _engine.Ingest(_stream.Shipped(Minutes(7)), published);
        Assert.Equal(IngestOutcome.Duplicate, _engine.Ingest(_stream.Redelivered(placed), published));

        var closed = Assert.Single(published.Tumbling());
        Assert.Equal((1L, 1), (closed.OrdersPlaced, closed.Revision));
        Assert.Equal((2L, 0L), (_engine.DuplicateEvents, _engine.LateEvents));
    }

    [Fact]
    public void A_redelivered_late_event_corrects_its_window_once()
    {
        _engine.Feed(_stream.Placed(Minutes(1)), _stream.Shipped(Minutes(7)));
        var late = _stream.Placed(Minutes(2));

        var published = _engine.Feed(late, _stream.Redelivered(late)).Tumbling();

        Assert.Equal((2, 2L), (Assert.Single(published).Revision, published[0].OrdersPlaced));
        Assert.Equal((1L, 1L), (_engine.LateEvents, _engine.DuplicateEvents));
    }

    [Fact]
    public void An_event_missing_what_it_must_carry_is_rejected_without_touching_any_window()
    {
        var published = new List<WindowResult>();
        var placed = _stream.Placed(Minutes(1));
        var noCurrency = placed with { Data = (OrderPlaced)placed.Data with { Currency = null! } };

        Assert.Equal(IngestOutcome.Rejected, _engine.Ingest(noCurrency, published));
        Assert.Equal(IngestOutcome.Rejected, _engine.Ingest(_stream.Placed(Minutes(1)) with { EventId = "" }, published));

        Assert.Equal(2, _engine.RejectedEvents);
        Assert.Null(_engine.Watermark);
        Assert.Empty(_engine.PreviewOpenWindows());
        Assert.Equal(2, _engine.Position);
    }

    [Fact]
    public void Windows_can_be_configured_to_another_size_and_lateness()
    {
        var engine = new WindowEngine(new AnalyticsOptions
        {
            WindowSize = TimeSpan.FromMinutes(1),
            AllowedLateness = TimeSpan.Zero,
            SlidingViewSize = TimeSpan.FromMinutes(3),
            SlidingViewStep = TimeSpan.FromMinutes(1),
        });

        var published = engine.Feed(_stream.Placed(Minutes(0.5)), _stream.Placed(Minutes(1.5)), _stream.Placed(Minutes(2)));

        var closed = published.Tumbling();
        Assert.Equal([(Start, Start + Minutes(1)), (Start + Minutes(1), Start + Minutes(2))], closed.Select(r => (r.Start, r.End)));
        Assert.Equal(
            [(Start - Minutes(2), Start + Minutes(1), 1L), (Start - Minutes(1), Start + Minutes(2), 2L)],
            published.Sliding().Select(r => (r.Start, r.End, r.OrdersPlaced)));
    }

    [Theory]
    [InlineData(7, 60, 5, 1)]
    [InlineData(5, 62, 5, 60)]
    [InlineData(5, 60, 7, 60)]
    [InlineData(5, 60, 5, 62)]
    [InlineData(5, 10, 15, 60)]
    public void Options_whose_views_or_horizon_are_not_whole_windows_are_refused(int window, int view, int step, int horizon)
    {
        var options = new AnalyticsOptions
        {
            WindowSize = Minutes(window),
            SlidingViewSize = Minutes(view),
            SlidingViewStep = Minutes(step),
            CorrectionHorizon = Minutes(horizon),
        };

        Assert.Throws<ArgumentException>(() => new WindowEngine(options));
    }
}
