using Bazaar.Ordering.Orders;
using Xunit;

namespace Bazaar.UnitTests.Ordering;

public sealed class OrderStateMachineTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static Order NewOrder() => new()
    {
        UserId = "u1",
        CustomerEmail = "u1@example.com",
        Currency = "USD",
        ShippingAddress = new Address("A", "1 Street", "City", "12345", "US", null),
        DeadlineAt = Now.AddMinutes(2),
    };

    [Fact]
    public void A_paid_order_goes_through_shipping_to_delivery()
    {
        var order = NewOrder();
        Assert.True(order.MarkStockReserved(Now, Now.AddMinutes(5)));
        Assert.Equal(Now.AddMinutes(5), order.DeadlineAt);
        Assert.True(order.RecordPayment("pay_1", Now));
        Assert.Equal(OrderStatus.Pending, order.Status);
        Assert.True(order.Confirm(Now));
        Assert.Equal(OrderStatus.Processing, order.Status);
        Assert.Null(order.DeadlineAt);
        Assert.True(order.Ship(Now));
        Assert.True(order.Deliver(Now));
        Assert.Equal(OrderStatus.Delivered, order.Status);
        Assert.Equal("pay_1", order.PaymentId);
        Assert.Equal(5, order.Version);
    }

    [Fact]
    public void A_pending_order_cannot_ship_or_be_delivered()
    {
        var order = NewOrder();
        Assert.False(order.Ship(Now));
        Assert.False(order.Deliver(Now));
        Assert.Equal(OrderStatus.Pending, order.Status);
        Assert.Equal(0, order.Version);
    }

    [Fact]
    public void Cancelling_a_processing_order_reports_that_it_was_paid()
    {
        var order = NewOrder();
        order.Confirm(Now);
        Assert.True(order.Cancel("cancelled_by_customer", Now, out var wasPaid));
        Assert.True(wasPaid);
        Assert.Equal("cancelled_by_customer", order.CancellationReason);
    }

    [Fact]
    public void Cancelling_a_pending_order_owes_no_refund_and_clears_its_deadline()
    {
        var order = NewOrder();
        Assert.True(order.Cancel("insufficient_stock", Now, out var wasPaid));
        Assert.False(wasPaid);
        Assert.Null(order.DeadlineAt);
    }

    [Theory]
    [InlineData(OrderStatus.Shipped)]
    [InlineData(OrderStatus.Delivered)]
    [InlineData(OrderStatus.Cancelled)]
    public void Shipped_delivered_and_cancelled_orders_cannot_be_cancelled(OrderStatus status)
    {
        var order = NewOrder();
        order.Status = status;
        Assert.False(order.Cancel("late", Now, out _));
        Assert.Equal(status, order.Status);
    }

    [Fact]
    public void A_cancelled_order_is_never_confirmed_by_a_late_payment()
    {
        var order = NewOrder();
        order.Cancel("timeout_awaiting_payment", Now, out _);
        Assert.False(order.Confirm(Now));
        Assert.Equal(OrderStatus.Cancelled, order.Status);
    }

    [Fact]
    public void Next_statuses_follow_the_design()
    {
        Assert.Equal([OrderStatus.Cancelled], Order.NextStatuses(OrderStatus.Pending));
        Assert.Equal([OrderStatus.Shipped, OrderStatus.Cancelled], Order.NextStatuses(OrderStatus.Processing));
        Assert.Equal([OrderStatus.Delivered], Order.NextStatuses(OrderStatus.Shipped));
        Assert.Empty(Order.NextStatuses(OrderStatus.Delivered));
        Assert.Empty(Order.NextStatuses(OrderStatus.Cancelled));
    }
}
