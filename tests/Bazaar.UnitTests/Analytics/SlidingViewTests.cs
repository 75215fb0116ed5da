using Bazaar.Analytics.Windows;
using Bazaar.Contracts.Analytics;
using Bazaar.Contracts.Ordering;
using Xunit;
using static Bazaar.UnitTests.Analytics.OrderStream;

namespace Bazaar.UnitTests.Analytics;

public sealed class SlidingViewTests
{
    private readonly OrderStream _stream = new();
    private readonly WindowEngine _engine = new(new AnalyticsOptions());

    /// <summary>One order a window from 00:00 to 01:10, the order in window i selling i + 1 units of p1.</summary>
    private List<WindowResult> OneOrderPerWindow()
    {
        var events = new List<OrderStreamEvent>();
        for (var i = 0; i < 14; i++)
        {
            events.Add(_stream.Placed(Minutes(5 * i + 1), i + 1, lines: new OrderLine("p1", "Product 1", 1m, i + 1)));
        }
        events.Add(_stream.Shipped(Minutes(80)));
        return _engine.Feed([.. events]);
    }

    [Fact]
    public void Every_five_minutes_the_view_adds_up_the_last_hour_of_windows()
    {
        var views = OneOrderPerWindow().Sliding();

        // Views end every 5 minutes up to the watermark (01:19), as long as they hold a window with events.
        Assert.Equal(Enumerable.Range(1, 15).Select(i => Start + Minutes(5 * i)), views.Select(v => v.End));
        Assert.All(views, v => Assert.Equal((v.End - TimeSpan.FromHours(1), 1), (v.Start, v.Revision)));
        var at0105 = views.Single(v => v.End == Start + Minutes(65));
        // Windows 1 to 12: [00:05, 01:05).
        Assert.Equal((12L, 90L), (at0105.OrdersPlaced, at0105.ItemsSold));
        Assert.Equal(new ProductQuantity("p1", "Product 1", 90), Assert.Single(at0105.TopProductsByQuantity));
        Assert.Equal(90m, Assert.Single(at0105.Revenue).Revenue);
        Assert.Equal(6L, views.Single(v => v.End == Start + Minutes(30)).OrdersPlaced);
        Assert.Equal(11L, views.Single(v => v.End == Start + Minutes(75)).OrdersPlaced);
    }

    [Fact]
    public void A_correction_republishes_every_view_the_watermark_passed_that_holds_the_window()
    {
        OneOrderPerWindow();

        // Window [01:00, 01:05) is in the views ending 01:05 (windows 1-12), 01:10 (2-13) and 01:15 (3-14, 14 empty).
        var corrections = _engine.Feed(_stream.Placed(Minutes(62), 100m));

        Assert.Equal((Start + Minutes(60), 2), (Assert.Single(corrections.Tumbling()).Start, corrections[0].Revision));
        Assert.Equal(
            [(Start + Minutes(65), 2, 13L), (Start + Minutes(70), 2, 13L), (Start + Minutes(75), 2, 12L)],
            corrections.Sliding().Select(v => (v.End, v.Revision, v.OrdersPlaced)));
    }

    [Fact]
    public void A_gap_in_the_stream_publishes_no_empty_views()
    {
        var views = _engine.Feed(_stream.Placed(Minutes(1)), _stream.Placed(Minutes(300))).Sliding();

        Assert.Equal(Enumerable.Range(1, 12).Select(i => Start + Minutes(5 * i)), views.Select(v => v.End));
        Assert.All(views, v => Assert.Equal(1L, v.OrdersPlaced));
    }
}
