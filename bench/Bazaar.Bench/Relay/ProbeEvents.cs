using System.Text;
using System.Text.Json;
using Bazaar.BuildingBlocks.Messaging;

namespace Bazaar.Bench.Relay;

/// <summary>
/// The events both sides publish: CloudEvents envelopes as services write them into their outbox, each padded to
/// exactly the asked size in bytes, so the relay and the raw publisher put the same payloads on the wire.
/// </summary>
public static class ProbeEvents
{
    public const string Service = "bench";
    public const string Type = "bazaar.bench.relay-probe";

    public static IReadOnlyList<EventEnvelope> Create(int count, int bytes)
    {
        var time = DateTimeOffset.UtcNow;
        var events = new EventEnvelope[count];
        for (var i = 0; i < count; i++)
        {
            var bare = Envelope(i, "", time);
            var padding = bytes - Size(bare);
            if (padding < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(bytes), $"An envelope takes at least {Size(bare)} bytes.");
            }
            events[i] = bare with { Data = Data(i, new string('x', padding)) };
        }
        return events;
    }

    /// <summary>The smallest envelope the probes fit in, for validating the size asked for.</summary>
    public static int MinimumSize => Size(Envelope(int.MaxValue, "", DateTimeOffset.UtcNow)) + 8;

    public static int Size(EventEnvelope envelope) => Encoding.UTF8.GetByteCount(envelope.ToJson());

    private static EventEnvelope Envelope(int sequence, string padding, DateTimeOffset time) =>
        new("1.0", Guid.CreateVersion7().ToString(), Type, "/bazaar/" + Service, time, sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "application/json", Data(sequence, padding), null);

    private static JsonElement Data(int sequence, string padding) =>
        JsonSerializer.SerializeToElement(new { sequence, padding }, EventJson.Options);
}
