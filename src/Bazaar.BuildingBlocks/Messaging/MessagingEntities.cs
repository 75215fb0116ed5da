namespace Bazaar.BuildingBlocks.Messaging;

/// <summary>An event written in the same transaction as the change it announces, published later by the relay.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public required string EventId { get; set; }
    public required string Type { get; set; }
    public required string Envelope { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public string? LastError { get; set; }
}

/// <summary>Proof that a handler applied an event; written in the handler's own transaction.</summary>
public sealed class InboxMessage
{
    public required string EventId { get; set; }
    public required string Handler { get; set; }
    public DateTimeOffset HandledAt { get; set; }
}

/// <summary>An event a handler failed on more times than allowed, kept for an admin to inspect and replay.</summary>
public sealed class DeadLetter
{
    public long Id { get; set; }
    public required string EventId { get; set; }
    public required string Type { get; set; }
    public required string Handler { get; set; }
    public required string Envelope { get; set; }
    public required string Error { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset FailedAt { get; set; }
    public DateTimeOffset? ReplayedAt { get; set; }
}
