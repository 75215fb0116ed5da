namespace Bazaar.BuildingBlocks.Messaging.Nats;

/// <summary>Bound from <c>Bazaar:Messaging:Nats</c>; used when <c>Bazaar:Messaging:Transport</c> is <c>nats</c>.</summary>
public sealed class NatsOptions
{
    public string Url { get; set; } = "nats://127.0.0.1:4222";

    /// <summary>Copies of each stream in a JetStream cluster; 3 survives the loss of one server.</summary>
    public int Replicas { get; set; } = 1;

    /// <summary>How long a delivered message may stay unacknowledged before JetStream sends it again.</summary>
    public TimeSpan AckWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long JetStream remembers an event id, so the relay re-sending after a crash stores nothing twice.</summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromMinutes(2);
}
