namespace Bazaar.Analytics.Results;

/// <summary>
/// The latest revision of one tumbling window or sliding view. <see cref="FeedPosition"/> is the stream position of
/// the checkpoint that stored it, which only grows: the live stream sends what is newer than it has sent.
/// </summary>
public sealed class StoredWindow
{
    /// <summary><c>tumbling</c> or <c>sliding</c>.</summary>
    public required string Kind { get; set; }

    public DateTimeOffset Start { get; set; }
    public DateTimeOffset End { get; set; }
    public int Revision { get; set; }
    public long OrdersPlaced { get; set; }

    /// <summary>The whole <see cref="Contracts.Analytics.WindowResult"/>, as JSON.</summary>
    public required string Result { get; set; }

    public long FeedPosition { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
