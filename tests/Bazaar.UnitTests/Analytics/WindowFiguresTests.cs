using Bazaar.Analytics.Windows;
using Bazaar.Contracts.Analytics;
using Bazaar.Contracts.Ordering;
using Xunit;
using static Bazaar.UnitTests.Analytics.OrderStream;

namespace Bazaar.UnitTests.Analytics;

public sealed class WindowFiguresTests
{
    private readonly OrderStream _stream = new();
    private readonly WindowEngine _engine = new(new AnalyticsOptions());

    /// <summary>The window [00:00, 00:05) as published once the watermark passes it.</summary>
    private WindowResult FirstWindow(params OrderStreamEvent[] events)
    {
        var published = _engine.Feed([.. events, _stream.Shipped(Minutes(7))]);
        return Assert.Single(published.Tumbling());
    }

    private static OrderLine Line(int product, decimal unitPrice, int quantity) => new($"p{product:00}", $"Product {product}", unitPrice, quantity);

    [Fact]
    public void A_window_counts_orders_placed_confirmed_and_cancelled_and_the_items_sold()
    {
        var window = FirstWindow(
            _stream.Placed(Minutes(1), 7m, lines: [Line(1, 1m, 2), Line(2, 5m, 1)]),
            _stream.Placed(Minutes(2), 9m, lines: [Line(3, 3m, 3)]),
            _stream.Confirmed(Minutes(2)),
            _stream.Confirmed(Minutes(3)),
            _stream.Confirmed(Minutes(3)),
            _stream.Cancelled(Minutes(4)),
            _stream.Shipped(Minutes(4)));

        Assert.Equal((2L, 3L, 1L, 6L), (window.OrdersPlaced, window.OrdersConfirmed, window.Cancellations, window.ItemsSold));
    }

    [Fact]
    public void Revenue_and_average_order_value_are_per_currency_and_rounded_half_away_from_zero()
    {
        var window = FirstWindow(
            _stream.Placed(Minutes(1), 10.00m, "USD"),
            _stream.Placed(Minutes(1), 20.00m, "USD"),
            _stream.Placed(Minutes(2), 35.50m, "USD"),
            _stream.Placed(Minutes(3), 1.00m, "EUR"),
            _stream.Placed(Minutes(4), 1.01m, "EUR"));

        Assert.Equal<CurrencyFigures>(
            [new CurrencyFigures("EUR", 2, 2.01m, 1.01m), new CurrencyFigures("USD", 3, 65.50m, 21.83m)],
            window.Revenue);
    }

    [Fact]
    public void Top_products_are_the_ten_with_most_units_and_per_currency_the_ten_with_most_revenue_ties_by_product_id()
    {
        var window = FirstWindow(
            _stream.Placed(Minutes(1), 40m, "USD", lines: [Line(1, 1m, 5), Line(2, 2m, 3), Line(3, 3m, 3), Line(4, 4m, 5)]),
            _stream.Placed(Minutes(2), 110m, "USD", lines: [Line(5, 5m, 1), Line(6, 6m, 2), Line(7, 7m, 2), Line(8, 8m, 2), Line(9, 9m, 7)]),
            _stream.Placed(Minutes(3), 90m, "USD", lines: [Line(10, 10m, 3), Line(11, 12m, 1), Line(12, 12m, 4)]),
            _stream.Placed(Minutes(4), 12m, "EUR", lines: [Line(4, 4m, 3)]));

        Assert.Equal(
            ["p04:8", "p09:7", "p01:5", "p12:4", "p02:3", "p03:3", "p10:3", "p06:2", "p07:2", "p08:2"],
            window.TopProductsByQuantity.Select(p => $"{p.ProductId}:{p.Quantity}"));
        Assert.Equal(
            [
                "EUR p04 12", "USD p09 63", "USD p12 48", "USD p10 30", "USD p04 20", "USD p08 16",
                "USD p07 14", "USD p06 12", "USD p11 12", "USD p03 9", "USD p02 6",
            ],
            window.TopProductsByRevenue.Select(p => $"{p.Currency} {p.ProductId} {p.Revenue:0.##}"));
        Assert.Equal("Product 4", window.TopProductsByQuantity[0].Name);
    }

    [Fact]
    public void Orders_and_revenue_are_split_by_shipping_country_and_region_per_currency()
    {
        var window = FirstWindow(
            _stream.Placed(Minutes(1), 10m, "USD", "US", "CA"),
            _stream.Placed(Minutes(1), 20m, "USD", "US", "CA"),
            _stream.Placed(Minutes(2), 4m, "EUR", "US", "CA"),
            _stream.Placed(Minutes(2), 5m, "USD", "US", ""),
            _stream.Placed(Minutes(3), 3m, "EUR", "DE", "BY"),
            _stream.Placed(Minutes(4), 7m, "EUR", "DE"));

        Assert.Equal<RegionFigures>(
            [
                new RegionFigures("DE", null, "EUR", 1, 7m),
                new RegionFigures("DE", "BY", "EUR", 1, 3m),
                new RegionFigures("US", null, "USD", 1, 5m),
                new RegionFigures("US", "CA", "EUR", 1, 4m),
                new RegionFigures("US", "CA", "USD", 2, 30m),
            ],
            window.ByRegion);
    }

    [Fact]
    public void Payment_failures_are_counted_by_reason()
    {
        var window = FirstWindow(
            _stream.PaymentFailed(Minutes(1), "insufficient_funds"),
            _stream.PaymentFailed(Minutes(2), "card_declined"),
            _stream.PaymentFailed(Minutes(3), "card_declined"));

        Assert.Equal<ReasonCount>([new ReasonCount("card_declined", 2), new ReasonCount("insufficient_funds", 1)], window.PaymentFailures);
        Assert.Equal(0, window.OrdersPlaced);
    }
}
