using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Inventory;
using Bazaar.Contracts.Ordering;
using Xunit;

namespace Bazaar.UnitTests.Messaging;

public sealed class EventNamingTests
{
    [Fact]
    public void Event_types_follow_the_subject_convention()
    {
        Assert.Equal("bazaar.ordering.order-placed", EventTypeName.For(typeof(OrderPlaced)));
        Assert.Equal("bazaar.inventory.stock-reservation-failed", EventTypeName.For(typeof(StockReservationFailed)));
    }

    [Fact]
    public void An_envelope_is_cloud_events_json_and_round_trips()
    {
        var envelope = EventEnvelope.Create(new StockCommitted("order-1"), "order-1", new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero));
        var json = envelope.ToJson();
        Assert.Contains("\"specversion\":\"1.0\"", json, StringComparison.Ordinal);
        Assert.Contains("\"source\":\"/bazaar/inventory\"", json, StringComparison.Ordinal);
        Assert.Contains("\"datacontenttype\":\"application/json\"", json, StringComparison.Ordinal);
        var back = EventEnvelope.FromJson(json);
        Assert.Equal(envelope.Id, back.Id);
        Assert.Equal("order-1", back.DataAs<StockCommitted>().OrderId);
    }

    [Fact]
    public void Backoff_grows_exponentially_within_jitter_and_stays_capped()
    {
        var options = new MessagingOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(100), RetryMaxDelay = TimeSpan.FromSeconds(1) };
        for (var i = 0; i < 50; i++)
        {
            var first = options.Backoff(1);
            var third = options.Backoff(3);
            var tenth = options.Backoff(10);
            Assert.InRange(first.TotalMilliseconds, 50, 100);
            Assert.InRange(third.TotalMilliseconds, 200, 400);
            Assert.InRange(tenth.TotalMilliseconds, 500, 1000);
        }
    }
}
