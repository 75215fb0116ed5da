using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Bazaar.Contracts.Analytics;
using Bazaar.Contracts.Ordering;
using Bazaar.Contracts.Payment;

namespace Bazaar.Analytics.Windows;

/// <summary>Whether and how an event's data counts in a window.</summary>
internal enum EventRelevance
{
    Counted,
    Ignored,
    Malformed,
}

internal readonly record struct ProductKey(string ProductId, string Currency);

internal readonly record struct RegionKey(string Country, string? Region, string Currency);

internal struct CurrencyTotals
{
    public long Orders;
    public decimal Revenue;
}

internal struct ProductTotals
{
    /// <summary>The first name seen in the window.</summary>
    public string? Name;
    public long Quantity;
    public decimal Revenue;
}

internal struct RegionTotals
{
    public long Orders;
    public decimal Revenue;
}

/// <summary>
/// The running figures of one window, changed in place. Table values are structs updated through
/// <see cref="CollectionsMarshal.GetValueRefOrAddDefault{TKey, TValue}(Dictionary{TKey, TValue}, TKey, out bool)"/>:
/// one hash look-up per key, and nothing allocated once a key is in the table. Tables are never read in their own
/// order (which depends on insertion order, and so differs after a restore): results and states are sorted.
/// </summary>
internal sealed class WindowAggregate
{
    /// <summary>The window's number: it starts <c>Index × window size</c> ticks after 0001-01-01 UTC.</summary>
    public long Index { get; set; }

    /// <summary>0 while open; 1 once published; one more per correction.</summary>
    public int Revision { get; set; }

    public long OrdersPlaced { get; private set; }
    public long OrdersConfirmed { get; private set; }
    public long Cancellations { get; private set; }
    public long ItemsSold { get; private set; }
    public long LateEvents { get; set; }

    public Dictionary<string, CurrencyTotals> Currencies { get; } = new(StringComparer.Ordinal);
    public Dictionary<ProductKey, ProductTotals> Products { get; } = [];
    public Dictionary<RegionKey, RegionTotals> Regions { get; } = [];
    public Dictionary<string, long> PaymentFailures { get; } = new(StringComparer.Ordinal);

    /// <summary>Fingerprints of the ids of the events counted here; see <see cref="WindowEngine"/>.</summary>
    public HashSet<UInt128> SeenEvents { get; } = [];

    /// <summary>Checked before anything is counted, so a bad event cannot leave a window half-updated.</summary>
    public static EventRelevance Classify(object? data) => data switch
    {
        OrderPlaced placed => IsWellFormed(placed) ? EventRelevance.Counted : EventRelevance.Malformed,
        OrderConfirmed or OrderCancelled => EventRelevance.Counted,
        PaymentFailed failed => failed.Reason is null ? EventRelevance.Malformed : EventRelevance.Counted,
        null => EventRelevance.Malformed,
        _ => EventRelevance.Ignored,
    };

    private static bool IsWellFormed(OrderPlaced placed)
    {
        if (placed.Currency is null || placed.Lines is null || placed.ShippingAddress?.Country is null)
        {
            return false;
        }
        var lines = placed.Lines;
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i]?.ProductId is null)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Counts an event that <see cref="Classify"/> found <see cref="EventRelevance.Counted"/>.</summary>
    public void Apply(object data)
    {
        switch (data)
        {
            case OrderPlaced placed:
                AddPlaced(placed);
                break;
            case OrderConfirmed:
                OrdersConfirmed++;
                break;
            case OrderCancelled:
                Cancellations++;
                break;
            case PaymentFailed failed:
                CollectionsMarshal.GetValueRefOrAddDefault(PaymentFailures, failed.Reason, out _)++;
                break;
        }
    }

    private void AddPlaced(OrderPlaced placed)
    {
        var currency = placed.Currency;
        OrdersPlaced++;
        ref var money = ref CollectionsMarshal.GetValueRefOrAddDefault(Currencies, currency, out _);
        money.Orders++;
        money.Revenue += placed.Total;

        // An indexed loop: foreach over the IReadOnlyList interface would box an enumerator per order.
        var lines = placed.Lines;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            ItemsSold += line.Quantity;
            ref var product = ref CollectionsMarshal.GetValueRefOrAddDefault(Products, new ProductKey(line.ProductId, currency), out var known);
            if (!known)
            {
                product.Name = line.Name;
            }
            product.Quantity += line.Quantity;
            product.Revenue += line.UnitPrice * line.Quantity;
        }

        var address = placed.ShippingAddress;
        var region = string.IsNullOrEmpty(address.Region) ? null : address.Region;
        ref var place = ref CollectionsMarshal.GetValueRefOrAddDefault(Regions, new RegionKey(address.Country, region, currency), out _);
        place.Orders++;
        place.Revenue += placed.Total;
    }

    /// <summary>Adds another window's figures (for the sliding view); names already here win, so merging in window order is deterministic.</summary>
    public void Merge(WindowAggregate other)
    {
        OrdersPlaced += other.OrdersPlaced;
        OrdersConfirmed += other.OrdersConfirmed;
        Cancellations += other.Cancellations;
        ItemsSold += other.ItemsSold;
        LateEvents += other.LateEvents;
        foreach (var (currency, totals) in other.Currencies)
        {
            ref var money = ref CollectionsMarshal.GetValueRefOrAddDefault(Currencies, currency, out _);
            money.Orders += totals.Orders;
            money.Revenue += totals.Revenue;
        }
        foreach (var (key, totals) in other.Products)
        {
            ref var product = ref CollectionsMarshal.GetValueRefOrAddDefault(Products, key, out var known);
            if (!known)
            {
                product.Name = totals.Name;
            }
            product.Quantity += totals.Quantity;
            product.Revenue += totals.Revenue;
        }
        foreach (var (key, totals) in other.Regions)
        {
            ref var place = ref CollectionsMarshal.GetValueRefOrAddDefault(Regions, key, out _);
            place.Orders += totals.Orders;
            place.Revenue += totals.Revenue;
        }
        foreach (var (reason, count) in other.PaymentFailures)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(PaymentFailures, reason, out _) += count;
        }
    }

    /// <summary>Empties the window for reuse; the tables keep their capacity, which is the point of reusing it.</summary>
    public void Reset()
    {
        Index = 0;
        Revision = 0;
        OrdersPlaced = OrdersConfirmed = Cancellations = ItemsSold = LateEvents = 0;
        Currencies.Clear();
        Products.Clear();
        Regions.Clear();
        PaymentFailures.Clear();
        SeenEvents.Clear();
    }

    // Building a result sorts every table: it runs once per window close or correction, never per event.
    public WindowResult ToResult(WindowKind kind, DateTimeOffset start, DateTimeOffset end, int revision, int top)
    {
        var ordinal = StringComparer.Ordinal;
        var revenue = Currencies
            .OrderBy(c => c.Key, ordinal)
            .Select(c => new CurrencyFigures(c.Key, c.Value.Orders, c.Value.Revenue, AverageOrderValue(c.Value)))
            .ToImmutableArray();
        var byQuantity = Products
            .GroupBy(p => p.Key.ProductId, ordinal)
            .Select(g => new ProductQuantity(g.Key, NameOf(g.MinBy(p => p.Key.Currency, ordinal)), g.Sum(p => p.Value.Quantity)))
            .OrderByDescending(p => p.Quantity)
            .ThenBy(p => p.ProductId, ordinal)
            .Take(top)
            .ToImmutableArray();
        var byRevenue = Products
            .GroupBy(p => p.Key.Currency, ordinal)
            .OrderBy(g => g.Key, ordinal)
            .SelectMany(g => g.OrderByDescending(p => p.Value.Revenue).ThenBy(p => p.Key.ProductId, ordinal).Take(top))
            .Select(p => new ProductRevenue(p.Key.Currency, p.Key.ProductId, NameOf(p), p.Value.Revenue, p.Value.Quantity))
            .ToImmutableArray();
        var byRegion = Regions
            .OrderBy(r => r.Key.Country, ordinal)
            .ThenBy(r => r.Key.Region, ordinal)
            .ThenBy(r => r.Key.Currency, ordinal)
            .Select(r => new RegionFigures(r.Key.Country, r.Key.Region, r.Key.Currency, r.Value.Orders, r.Value.Revenue))
            .ToImmutableArray();
        var failures = PaymentFailures
            .OrderBy(f => f.Key, ordinal)
            .Select(f => new ReasonCount(f.Key, f.Value))
            .ToImmutableArray();
        return new WindowResult(
            kind, start, end, revision, OrdersPlaced, OrdersConfirmed, Cancellations, ItemsSold, LateEvents,
            revenue, byQuantity, byRevenue, byRegion, failures);
    }

    private static decimal AverageOrderValue(CurrencyTotals totals) =>
        totals.Orders == 0 ? 0m : Math.Round(totals.Revenue / totals.Orders, 2, MidpointRounding.AwayFromZero);

    private static string NameOf(KeyValuePair<ProductKey, ProductTotals> product) => product.Value.Name ?? product.Key.ProductId;

    public WindowState ToState(DateTimeOffset start)
    {
        var ordinal = StringComparer.Ordinal;
        return new WindowState(
            start, Revision, OrdersPlaced, OrdersConfirmed, Cancellations, ItemsSold, LateEvents,
            [.. Currencies.OrderBy(c => c.Key, ordinal).Select(c => new CurrencyState(c.Key, c.Value.Orders, c.Value.Revenue))],
            [.. Products
                .OrderBy(p => p.Key.ProductId, ordinal)
                .ThenBy(p => p.Key.Currency, ordinal)
                .Select(p => new ProductState(p.Key.ProductId, p.Key.Currency, NameOf(p), p.Value.Quantity, p.Value.Revenue))],
            [.. Regions
                .OrderBy(r => r.Key.Country, ordinal)
                .ThenBy(r => r.Key.Region, ordinal)
                .ThenBy(r => r.Key.Currency, ordinal)
                .Select(r => new RegionState(r.Key.Country, r.Key.Region, r.Key.Currency, r.Value.Orders, r.Value.Revenue))],
            [.. PaymentFailures.OrderBy(f => f.Key, ordinal).Select(f => new ReasonCount(f.Key, f.Value))],
            [.. SeenEvents.Order()]);
    }

    /// <exception cref="ArgumentException">The state does not start on a window boundary, or repeats a key.</exception>
    public static WindowAggregate FromState(WindowState state, long windowTicks)
    {
        var startTicks = state.Start.UtcTicks;
        if (startTicks % windowTicks != 0)
        {
            throw new ArgumentException($"The window starting {state.Start:O} is not on a window boundary.", nameof(state));
        }
        var window = new WindowAggregate
        {
            Index = startTicks / windowTicks,
            Revision = state.Revision,
            OrdersPlaced = state.OrdersPlaced,
            OrdersConfirmed = state.OrdersConfirmed,
            Cancellations = state.Cancellations,
            ItemsSold = state.ItemsSold,
            LateEvents = state.LateEvents,
        };
        foreach (var c in state.Currencies)
        {
            window.Currencies.Add(c.Currency, new CurrencyTotals { Orders = c.Orders, Revenue = c.Revenue });
        }
        foreach (var p in state.Products)
        {
            window.Products.Add(new ProductKey(p.ProductId, p.Currency), new ProductTotals { Name = p.Name, Quantity = p.Quantity, Revenue = p.Revenue });
        }
        foreach (var r in state.Regions)
        {
            window.Regions.Add(new RegionKey(r.Country, r.Region, r.Currency), new RegionTotals { Orders = r.Orders, Revenue = r.Revenue });
        }
        foreach (var f in state.PaymentFailures)
        {
            window.PaymentFailures.Add(f.Reason, f.Count);
        }
        window.SeenEvents.EnsureCapacity(state.SeenEvents.Count);
        foreach (var seen in state.SeenEvents)
        {
            if (!window.SeenEvents.Add(seen))
            {
                throw new ArgumentException($"The window starting {state.Start:O} lists an event twice.", nameof(state));
            }
        }
        return window;
    }
}
