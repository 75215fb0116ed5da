using Bazaar.Analytics.Windows;
using Bazaar.Contracts.Analytics;
using Bazaar.Contracts.Ordering;
using Xunit;
using static Bazaar.UnitTests.Analytics.OrderStream;

namespace Bazaar.UnitTests.Analytics;

public sealed class HotPathTests
{
    [Fact]
    public void Counting_a_placed_order_of_three_lines_allocates_nothing_once_its_window_has_grown()
    {
        var engine = new WindowEngine(new AnalyticsOptions());
        var stream = new OrderStream();
        OrderLine[] lines = [new("p1", "Product 1", 1m, 1), new("p2", "Product 2", 2m, 2), new("p3", "Product 3", 3m, 3)];
        var published = new List<WindowResult>(capacity: 16);
        // Window [00:00, 00:05) shows how many events a window takes; [00:05, 00:10) opens with room for as many,
        // and the watermark (00:05:01) closes the first one.
        for (var i = 0; i < 4000; i++)
        {
            engine.Ingest(stream.Placed(TimeSpan.FromSeconds(i * 0.05), 14m, lines: lines), published);
        }
        engine.Ingest(stream.Placed(Minutes(6) + TimeSpan.FromSeconds(1), 14m, lines: lines), published);
        var events = Enumerable.Range(0, 3000)
            .Select(i => stream.Placed(Minutes(6) + TimeSpan.FromSeconds(2 + i * 0.05), 14m, lines: lines))
            .ToArray();
        var publishedBefore = published.Count;

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var e in events)
        {
            engine.Ingest(e, published);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(publishedBefore, published.Count);
        Assert.Equal(3001L, Assert.Single(engine.PreviewOpenWindows()).OrdersPlaced);
        // Under a byte an event: any allocation made per event (an enumerator, a closure, a boxed key) is 24 bytes or more.
        Assert.True(allocated < events.Length, $"{allocated} bytes allocated for {events.Length} events");
    }
}
