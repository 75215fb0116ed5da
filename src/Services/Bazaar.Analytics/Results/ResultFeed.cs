using Bazaar.Analytics.Processing;

namespace Bazaar.Analytics.Results;

/// <summary>Wakes the live streams of this process when the processor stores new results; they also look on their own, for results stored by another replica.</summary>
public sealed class ResultFeed : Pulse;
