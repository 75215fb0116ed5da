namespace Bazaar.Bench.Relay;

/// <summary>The line the harness parses: events/s of the outbox relay and of raw NATS.Net, and their ratio.</summary>
public sealed record RelayResult(
    int Events,
    int Bytes,
    double RelayPerSecond,
    double RawPerSecond,
    double Ratio,
    double RelaySeconds,
    double RawSeconds,
    int RawWindow,
    int WarmUpEvents);
