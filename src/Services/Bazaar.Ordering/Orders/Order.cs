namespace Bazaar.Ordering.Orders;

public enum OrderStatus
{
    Pending,
    Processing,
    Shipped,
    Delivered,
    Cancelled,
}

/// <summary>
/// An order and its state machine: pending → processing (paid, stock committed) → shipped → delivered,
/// or cancelled from pending or processing. Every transition is a method that refuses an illegal move.
/// </summary>
public sealed class Order
{
    public string Id { get; set; } = Guid.CreateVersion7().ToString();
    public required string UserId { get; set; }
    public required string CustomerEmail { get; set; }
    public OrderStatus Status { get; set; } = OrderStatus.Pending;
    public string? CancellationReason { get; set; }
    public List<OrderLine> Lines { get; set; } = [];
    public decimal Total { get; set; }
    public required string Currency { get; set; }
    public required Address ShippingAddress { get; set; }
    public bool FromCart { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the step the order waits on (stock, then payment) must have answered; kept in the database so a restart honours it.</summary>
    public DateTimeOffset? DeadlineAt { get; set; }

    public DateTimeOffset? StockReservedAt { get; set; }
    public string? PaymentId { get; set; }
    public DateTimeOffset? PaidAt { get; set; }
    public DateTimeOffset? ShippedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }

    /// <summary>Optimistic concurrency: a handler and an admin changing one order at once cannot both win.</summary>
    public int Version { get; set; }

    public static IReadOnlyList<OrderStatus> NextStatuses(OrderStatus from) => from switch
    {
        OrderStatus.Pending => [OrderStatus.Cancelled],
        OrderStatus.Processing => [OrderStatus.Shipped, OrderStatus.Cancelled],
        OrderStatus.Shipped => [OrderStatus.Delivered],
        _ => [],
    };

    public bool MarkStockReserved(DateTimeOffset now, DateTimeOffset paymentDeadline)
    {
        if (Status != OrderStatus.Pending || StockReservedAt is not null)
        {
            return false;
        }
        StockReservedAt = now;
        DeadlineAt = paymentDeadline;
        return Touch(now);
    }

    /// <summary>Notes the captured payment; the order moves on only once inventory has committed the stock too.</summary>
    public bool RecordPayment(string paymentId, DateTimeOffset now)
    {
        if (PaymentId is not null)
        {
            return false;
        }
        PaymentId = paymentId;
        PaidAt = now;
        return Touch(now);
    }

    /// <summary>Paid and the stock committed (inventory commits only after payment): the order is processing.</summary>
    public bool Confirm(DateTimeOffset now)
    {
        if (Status != OrderStatus.Pending)
        {
            return false;
        }
        Status = OrderStatus.Processing;
        PaidAt ??= now;
        DeadlineAt = null;
        return Touch(now);
    }

    /// <returns>Whether the order was cancelled now; <paramref name="wasPaid"/> tells whether a refund is owed.</returns>
    public bool Cancel(string reason, DateTimeOffset now, out bool wasPaid)
    {
        wasPaid = Status == OrderStatus.Processing || PaymentId is not null;
        if (Status is not (OrderStatus.Pending or OrderStatus.Processing))
        {
            return false;
        }
        Status = OrderStatus.Cancelled;
        CancellationReason = reason;
        CancelledAt = now;
        DeadlineAt = null;
        return Touch(now);
    }

    public bool Ship(DateTimeOffset now)
    {
        if (Status != OrderStatus.Processing)
        {
            return false;
        }
        Status = OrderStatus.Shipped;
        ShippedAt = now;
        return Touch(now);
    }

    public bool Deliver(DateTimeOffset now)
    {
        if (Status != OrderStatus.Shipped)
        {
            return false;
        }
        Status = OrderStatus.Delivered;
        DeliveredAt = now;
        return Touch(now);
    }

    private bool Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
        return true;
    }
}

public sealed class OrderLine
{
    public long Id { get; set; }
    public string OrderId { get; set; } = "";
    public required string ProductId { get; set; }
    public required string Name { get; set; }
    public decimal UnitPrice { get; set; }
    public int Quantity { get; set; }
}

public sealed record Address(string Name, string Line1, string City, string PostalCode, string Country, string? Region);
