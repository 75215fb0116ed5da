using System.Text.Json;
using System.Text.Json.Serialization;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Analytics;

namespace Bazaar.Analytics.Windows;

/// <summary>
/// Everything a <see cref="WindowEngine"/> holds, with the consumer's <see cref="Position"/> (the sequence of the last
/// event ingested): stored atomically, it lets a restarted engine resume after that position and publish exactly what
/// an uninterrupted one would. <see cref="Watermark"/> is null before the first event; <see cref="SlidingViews"/> are
/// the sliding views published and still open to corrections. A checkpoint can only be restored with its
/// <see cref="WindowSize"/>; <see cref="Format"/> versions the layout. Every list is sorted (windows by start, entries
/// by key, ordinal), so equal states serialize to equal JSON.
/// </summary>
public sealed record Checkpoint(
    int Format,
    long Position,
    TimeSpan WindowSize,
    DateTimeOffset? Watermark,
    long LateEvents,
    long DroppedEvents,
    long DuplicateEvents,
    long RejectedEvents,
    IReadOnlyList<WindowState> Windows,
    IReadOnlyList<SlidingViewRevision> SlidingViews)
{
    public string ToJson() => JsonSerializer.Serialize(this, EventJson.Options);

    public static Checkpoint FromJson(string json) =>
        JsonSerializer.Deserialize<Checkpoint>(json, EventJson.Options) ?? throw new JsonException("Empty analytics checkpoint.");
}

/// <summary>
/// One window's running figures; <see cref="Revision"/> is 0 while it is open. <see cref="SeenEvents"/> are the XxHash128
/// fingerprints of the ids of the events counted, ascending, emptied once the window is past the correction horizon.
/// </summary>
public sealed record WindowState(
    DateTimeOffset Start,
    int Revision,
    long OrdersPlaced,
    long OrdersConfirmed,
    long Cancellations,
    long ItemsSold,
    long LateEvents,
    IReadOnlyList<CurrencyState> Currencies,
    IReadOnlyList<ProductState> Products,
    IReadOnlyList<RegionState> Regions,
    IReadOnlyList<ReasonCount> PaymentFailures,
    [property: JsonConverter(typeof(FingerprintsJsonConverter))] IReadOnlyList<UInt128> SeenEvents);

public sealed record CurrencyState(string Currency, long Orders, decimal Revenue);

public sealed record ProductState(string ProductId, string Currency, string Name, long Quantity, decimal Revenue);

public sealed record RegionState(string Country, string? Region, string Currency, long Orders, decimal Revenue);

public sealed record SlidingViewRevision(DateTimeOffset End, int Revision);
