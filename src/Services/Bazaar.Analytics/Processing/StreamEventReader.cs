using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bazaar.Analytics.Windows;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Ordering;
using Bazaar.Contracts.Payment;

namespace Bazaar.Analytics.Processing;

/// <summary>Takes an input event out of its CloudEvents envelope, deserializing the data of the types the windows count.</summary>
/// <remarks>
/// One pass over the UTF-8 JSON: the envelope's <c>id</c>, <c>type</c> and <c>time</c> are read as they come, and its
/// <c>data</c> goes straight into the contract record the type names (source-generated), with no intermediate document.
/// Bazaar writes <c>type</c> before <c>data</c>; an envelope written the other way round takes the general path.
/// </remarks>
public static class StreamEventReader
{
    private static readonly object Uncounted = new();

    private static readonly string OrderPlacedName = EventTypeName.For(typeof(OrderPlaced));
    private static readonly string OrderConfirmedName = EventTypeName.For(typeof(OrderConfirmed));
    private static readonly string OrderCancelledName = EventTypeName.For(typeof(OrderCancelled));
    private static readonly string PaymentFailedName = EventTypeName.For(typeof(PaymentFailed));
    private static readonly byte[] OrderPlacedType = Encoding.UTF8.GetBytes(OrderPlacedName);
    private static readonly byte[] OrderConfirmedType = Encoding.UTF8.GetBytes(OrderConfirmedName);
    private static readonly byte[] OrderCancelledType = Encoding.UTF8.GetBytes(OrderCancelledName);
    private static readonly byte[] PaymentFailedType = Encoding.UTF8.GetBytes(PaymentFailedName);

    private enum Counted
    {
        None,
        OrderPlaced,
        OrderConfirmed,
        OrderCancelled,
        PaymentFailed,
    }

    /// <summary>
    /// An event the engine can ingest. Data of any other type (a clock tick, a shipment) only carries its time; an
    /// envelope or data that cannot be read comes back without data, which the engine rejects and counts.
    /// </summary>
    public static OrderStreamEvent Read(ReadOnlySpan<byte> json, long sequence)
    {
        try
        {
            return ReadInOnePass(json, sequence) ?? ReadEnvelope(json, sequence);
        }
        catch (JsonException)
        {
            return Unreadable(sequence);
        }
        catch (InvalidOperationException)
        {
            // A value of the wrong JSON kind (a number where the id should be).
            return Unreadable(sequence);
        }
    }

    /// <returns>null when the data comes before the type.</returns>
    private static OrderStreamEvent? ReadInOnePass(ReadOnlySpan<byte> json, long sequence)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return Unreadable(sequence);
        }

        string? id = null;
        DateTimeOffset time = default;
        Counted? type = null;
        object? data = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = reader.GetString();
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.ValueTextEquals(OrderPlacedType) ? Counted.OrderPlaced
                    : reader.ValueTextEquals(OrderConfirmedType) ? Counted.OrderConfirmed
                    : reader.ValueTextEquals(OrderCancelledType) ? Counted.OrderCancelled
                    : reader.ValueTextEquals(PaymentFailedType) ? Counted.PaymentFailed
                    : Counted.None;
            }
            else if (reader.ValueTextEquals("time"u8))
            {
                reader.Read();
                time = reader.GetDateTimeOffset();
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                if (type is not { } counted)
                {
                    return null;
                }
                reader.Read();
                data = counted switch
                {
                    Counted.OrderPlaced => Placed(JsonSerializer.Deserialize(ref reader, AnalyticsJson.Default.PlacedFigures)),
                    Counted.OrderConfirmed => SkipValue(ref reader, Confirmed),
                    Counted.OrderCancelled => SkipValue(ref reader, Cancelled),
                    Counted.PaymentFailed => Failed(JsonSerializer.Deserialize(ref reader, AnalyticsJson.Default.FailureFigures)),
                    _ => SkipValue(ref reader, Uncounted),
                };
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return new OrderStreamEvent(sequence, id ?? "", time, type == Counted.None ? Uncounted : data!);
    }

    private static object SkipValue(ref Utf8JsonReader reader, object standIn)
    {
        reader.Skip();
        return standIn;
    }

    // What the windows read of each event, and no more: the rest of the data is skipped rather than deserialized, and
    // the contract records carry empty values in its place. Confirmations and cancellations only count.
    private static readonly OrderConfirmed Confirmed = new("", "", "", [], 0, "", false);
    private static readonly OrderCancelled Cancelled = new("", "", "", "", false, [], 0, "");

    // The engine checks what it counts (a missing currency, lines or country rejects the event), so nulls pass through.
    private static OrderPlaced? Placed(PlacedFigures? figures) => figures is null ? null : new(
        "", "", "", Lines(figures.Lines)!, figures.Total, figures.Currency!, "",
        figures.ShippingAddress is { } address ? new ShippingAddress("", "", "", "", address.Country!, address.Region) : null!,
        false, default);

    private static OrderLine[]? Lines(List<LineFigures>? lines)
    {
        if (lines is null)
        {
            return null;
        }
        var result = new OrderLine[lines.Count];
        for (var i = 0; i < result.Length; i++)
        {
            if (lines[i] is not { } line)
            {
                return null;
            }
            result[i] = new OrderLine(line.ProductId!, line.Name!, line.UnitPrice, line.Quantity);
        }
        return result;
    }

    private static PaymentFailed? Failed(FailureFigures? figures) => figures is null ? null : new("", "", "", figures.Reason!, false);

    private static OrderStreamEvent ReadEnvelope(ReadOnlySpan<byte> json, long sequence)
    {
        var envelope = JsonSerializer.Deserialize<EventEnvelope>(json, EventJson.Options);
        if (envelope is null)
        {
            return Unreadable(sequence);
        }
        object? data = envelope.Type switch
        {
            var type when type == OrderPlacedName => envelope.DataAs<OrderPlaced>(),
            var type when type == OrderConfirmedName => envelope.DataAs<OrderConfirmed>(),
            var type when type == OrderCancelledName => envelope.DataAs<OrderCancelled>(),
            var type when type == PaymentFailedName => envelope.DataAs<PaymentFailed>(),
            _ => Uncounted,
        };
        return new OrderStreamEvent(sequence, envelope.Id ?? "", envelope.Time, data!);
    }

    private static OrderStreamEvent Unreadable(long sequence) => new(sequence, "", default, null!);
}

// The figures are classes with setters rather than records: the serializer fills them in place, where a constructor
// would cost an argument array and a box per number for every event and every line.

/// <summary>The parts of <see cref="OrderPlaced"/> the windows count.</summary>
internal sealed class PlacedFigures
{
    public List<LineFigures>? Lines { get; set; }

    public decimal Total { get; set; }

    public string? Currency { get; set; }

    public AddressFigures? ShippingAddress { get; set; }
}

/// <summary>An <see cref="OrderLine"/> as the windows count it.</summary>
internal sealed class LineFigures
{
    public string? ProductId { get; set; }

    public string? Name { get; set; }

    public decimal UnitPrice { get; set; }

    public int Quantity { get; set; }
}

internal sealed class AddressFigures
{
    public string? Country { get; set; }

    public string? Region { get; set; }
}

/// <summary>The part of <see cref="PaymentFailed"/> the windows count.</summary>
internal sealed class FailureFigures
{
    public string? Reason { get; set; }
}

/// <summary>
/// The counted events' data, without reflection, as Bazaar writes it (<see cref="EventJson.Options"/>: camelCase names,
/// numbers as numbers), matched exactly rather than case-insensitively and without reading numbers from strings.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNameCaseInsensitive = false, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(PlacedFigures))]
[JsonSerializable(typeof(FailureFigures))]
internal sealed partial class AnalyticsJson : JsonSerializerContext;
