using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bazaar.BuildingBlocks.Messaging;

/// <summary>A CloudEvents 1.0 structured-mode JSON event with the W3C <c>traceparent</c> extension.</summary>
public sealed record EventEnvelope(
    [property: JsonPropertyName("specversion")] string SpecVersion,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("subject")] string? Subject,
    [property: JsonPropertyName("datacontenttype")] string DataContentType,
    [property: JsonPropertyName("data")] JsonElement Data,
    [property: JsonPropertyName("traceparent")] string? TraceParent)
{
    public static EventEnvelope Create<TEvent>(TEvent data, string? subject, DateTimeOffset time) where TEvent : class
    {
        var type = EventTypeName.For(typeof(TEvent));
        return new EventEnvelope(
            "1.0",
            Guid.CreateVersion7().ToString(),
            type,
            "/bazaar/" + EventTypeName.ServiceOf(typeof(TEvent)),
            time,
            subject,
            "application/json",
            JsonSerializer.SerializeToElement(data, EventJson.Options),
            Activity.Current?.Id);
    }

    public string ToJson() => JsonSerializer.Serialize(this, EventJson.Options);

    public static EventEnvelope FromJson(string json) =>
        JsonSerializer.Deserialize<EventEnvelope>(json, EventJson.Options)
        ?? throw new JsonException("Empty event envelope.");

    public TEvent DataAs<TEvent>() =>
        Data.Deserialize<TEvent>(EventJson.Options) ?? throw new JsonException($"Event {Id} has no data.");
}

public static class EventJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
