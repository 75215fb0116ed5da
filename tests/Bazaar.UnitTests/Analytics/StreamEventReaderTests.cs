using System.Text;
using System.Text.Json.Nodes;
using Bazaar.Analytics.Processing;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Ordering;
using Bazaar.Contracts.Payment;
using Xunit;

namespace Bazaar.UnitTests.Analytics;

public sealed class StreamEventReaderTests
{
    private static readonly DateTimeOffset PlacedAt = new(2026, 11, 26, 10, 4, 59, TimeSpan.Zero);

    private static readonly OrderPlaced Placed = new(
        "order-1", "user-1", "ada@example.com",
        [new OrderLine("product-1", "Lamp", 12.50m, 2), new OrderLine("product-2", "Desk", 100m, 1)],
        125m, "EUR", "tok_visa", new ShippingAddress("Ada", "1 Main St", "Reykjavik", "101", "IS", "Capital"), false, PlacedAt);

    [Fact]
    public void An_order_placed_comes_out_with_its_id_time_and_the_figures_the_windows_count()
    {
        var envelope = EventEnvelope.Create(Placed, "order-1", PlacedAt);

        var read = StreamEventReader.Read(Encoding.UTF8.GetBytes(envelope.ToJson()), 7);

        Assert.Equal((7, envelope.Id, PlacedAt), (read.Sequence, read.EventId, read.Time));
        var data = Assert.IsType<OrderPlaced>(read.Data);
        Assert.Equal((125m, "EUR", "IS", "Capital"), (data.Total, data.Currency, data.ShippingAddress.Country, data.ShippingAddress.Region));
        Assert.Equal(Placed.Lines, data.Lines);
    }

    [Fact]
    public void An_envelope_with_its_data_before_its_type_is_read_the_same()
    {
        var envelope = EventEnvelope.Create(new PaymentFailed("payment-1", "order-1", "user-1", "card_declined", false), "order-1", PlacedAt);
        var json = JsonNode.Parse(envelope.ToJson())!.AsObject();
        var reordered = new JsonObject { ["data"] = json["data"]!.DeepClone() };
        foreach (var (name, value) in json.Where(p => p.Key != "data"))
        {
            reordered[name] = value?.DeepClone();
        }

        var inOrder = StreamEventReader.Read(Encoding.UTF8.GetBytes(envelope.ToJson()), 1);
        var dataFirst = StreamEventReader.Read(Encoding.UTF8.GetBytes(reordered.ToJsonString()), 1);

        Assert.Equal("card_declined", Assert.IsType<PaymentFailed>(inOrder.Data).Reason);
        Assert.Equal("card_declined", Assert.IsType<PaymentFailed>(dataFirst.Data).Reason);
        Assert.Equal((inOrder.EventId, inOrder.Time), (dataFirst.EventId, dataFirst.Time));
    }

    [Fact]
    public void Another_type_carries_only_its_time_and_unreadable_json_carries_no_data()
    {
        var shipped = EventEnvelope.Create(new OrderShipped("order-1", "user-1", "ada@example.com"), "order-1", PlacedAt);

        var other = StreamEventReader.Read(Encoding.UTF8.GetBytes(shipped.ToJson()), 2);
        var garbage = StreamEventReader.Read("{\"id\": 5, \"type\": "u8, 3);
        var badData = StreamEventReader.Read(Encoding.UTF8.GetBytes(shipped.ToJson().Replace("bazaar.ordering.order-shipped", "bazaar.ordering.order-placed", StringComparison.Ordinal).Replace("\"data\":{", "\"data\":{\"lines\":7,", StringComparison.Ordinal)), 4);

        Assert.Equal(PlacedAt, other.Time);
        Assert.IsNotType<OrderShipped>(other.Data);
        Assert.NotNull(other.Data);
        Assert.Null(garbage.Data);
        Assert.Null(badData.Data);
    }
}
