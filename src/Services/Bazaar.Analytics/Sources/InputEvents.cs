using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Ordering;
using Bazaar.Contracts.Payment;

namespace Bazaar.Analytics.Sources;

/// <summary>The events analytics reads: every order event, and failed payments.</summary>
public static class InputEvents
{
    public static IReadOnlySet<string> Types { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        EventTypeName.For(typeof(OrderPlaced)),
        EventTypeName.For(typeof(OrderConfirmed)),
        EventTypeName.For(typeof(OrderCancelled)),
        EventTypeName.For(typeof(OrderShipped)),
        EventTypeName.For(typeof(OrderDelivered)),
        EventTypeName.For(typeof(PaymentFailed)),
    };
}
