namespace Bazaar.Analytics.Windows;

/// <summary>
/// One event of the consumed stream, already taken out of its CloudEvents envelope. <see cref="Time"/> is the
/// envelope's <c>time</c> (the event time windows are cut by); <see cref="Data"/> is the deserialized contract record.
/// <c>OrderPlaced</c>, <c>OrderConfirmed</c>, <c>OrderCancelled</c> and <c>PaymentFailed</c> are counted; any other
/// event only moves event time forward. <see cref="Sequence"/> is the consumer's position in its stream, which the
/// engine keeps in its checkpoints so that a restart resumes right after it.
/// </summary>
/// <remarks>A struct, passed by reference, so feeding the engine allocates nothing beyond the event itself.</remarks>
public readonly record struct OrderStreamEvent(long Sequence, string EventId, DateTimeOffset Time, object Data);

/// <summary>What <see cref="WindowEngine.Ingest"/> did with an event.</summary>
public enum IngestOutcome
{
    /// <summary>Counted in its window, which is still open.</summary>
    Applied,

    /// <summary>Its window had closed: counted there all the same, and the window published again with its next revision.</summary>
    Correction,

    /// <summary>Its id was seen before in its window: no effect.</summary>
    Duplicate,

    /// <summary>Its window closed more than the correction horizon ago and is gone: dropped, and counted as dropped.</summary>
    TooLate,

    /// <summary>Not one of the counted event types: it only moved event time forward.</summary>
    Ignored,

    /// <summary>Missing what it must carry (an id, a currency, lines, a country, a reason) or dated past what windows can hold: no effect.</summary>
    Rejected,
}
