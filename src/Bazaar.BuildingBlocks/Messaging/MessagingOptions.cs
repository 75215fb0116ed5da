namespace Bazaar.BuildingBlocks.Messaging;

/// <summary>Bound from <c>Bazaar:Messaging</c>.</summary>
public sealed class MessagingOptions
{
    /// <summary>Deliveries of one event to one handler before it is dead-lettered.</summary>
    public int MaxDeliveries { get; set; } = 5;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an event that overtook the one it depends on is retried before it is dead-lettered like any other
    /// failure (the earlier event is then presumed lost, and an admin should see it).
    /// </summary>
    public TimeSpan EarlyEventPatience { get; set; } = TimeSpan.FromMinutes(10);

    public int ConsumerConcurrency { get; set; } = 4;

    public TimeSpan RelayPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int RelayBatchSize { get; set; } = 500;

    /// <summary>Batches one relay pass publishes before it commits their marks and takes its turn again.</summary>
    public int RelayBatchesPerTurn { get; set; } = 20;

    /// <summary>With a non-durable transport, events published this recently are sent again at start-up.</summary>
    public TimeSpan ReplayWindowOnStart { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Published outbox rows and inbox records older than this are deleted; redelivery never reaches back that far.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Exponential backoff with "equal jitter": between half and all of base × 2^(attempt-1), capped.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(RetryMaxDelay.TotalMilliseconds, RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1)));
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }
}
