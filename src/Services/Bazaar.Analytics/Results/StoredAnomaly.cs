namespace Bazaar.Analytics.Results;

public sealed class StoredAnomaly
{
    public required string Id { get; set; }
    public required string Metric { get; set; }
    public required string Kind { get; set; }
    public string? Currency { get; set; }
    public DateTimeOffset WindowStart { get; set; }
    public DateTimeOffset WindowEnd { get; set; }
    public decimal Observed { get; set; }
    public decimal Expected { get; set; }
    public double Score { get; set; }
    public required string Description { get; set; }
    public DateTimeOffset DetectedAt { get; set; }
    public long FeedPosition { get; set; }
}
