using System.Text.Json;
using Bazaar.BuildingBlocks.Messaging;

namespace Bazaar.Analytics.Sources;

/// <summary>The data of a clock tick (<see cref="AnalyticsSource.AppendClockTickAsync"/>): only its envelope's time counts.</summary>
public sealed record ClockTick
{
    public const string Type = "bazaar.analytics.clock-tick";

    public static EventEnvelope Envelope(DateTimeOffset now) => new(
        "1.0", Guid.CreateVersion7().ToString(), Type, "/bazaar/analytics", now, null, "application/json",
        JsonSerializer.SerializeToElement(new ClockTick(), EventJson.Options), null);
}
