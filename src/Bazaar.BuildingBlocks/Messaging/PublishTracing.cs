using System.Diagnostics;

namespace Bazaar.BuildingBlocks.Messaging;

/// <summary>
/// The relay's part of a trace: one producer span per event, a child of the span the event was written in (its stored
/// <c>traceparent</c>), and the envelope leaves with the producer span's <c>traceparent</c>, so the consumers' spans
/// hang under the publish rather than beside it. Events written outside any trace leave as they are.
/// </summary>
public sealed class PublishTracing
{
    private readonly Activity?[] _spans;

    private PublishTracing(IReadOnlyList<EventEnvelope> envelopes, Activity?[] spans)
    {
        Envelopes = envelopes;
        _spans = spans;
    }

    public IReadOnlyList<EventEnvelope> Envelopes { get; }

    public static PublishTracing Start(IReadOnlyList<EventEnvelope> stored)
    {
        var spans = new Activity?[stored.Count];
        var envelopes = new EventEnvelope[stored.Count];
        // Starting a span makes it current; the relay's own flow must not end up inside the last event's trace.
        var current = Activity.Current;
        try
        {
            for (var i = 0; i < stored.Count; i++)
            {
                var envelope = stored[i];
                var span = envelope.TraceParent is { } parent && MessagingActivities.Source.HasListeners()
                    ? MessagingActivities.Source.StartActivity($"publish {envelope.Type}", ActivityKind.Producer, parent)
                    : null;
                if (span is not null)
                {
                    span.SetTag("messaging.operation.type", "send");
                    span.SetTag("messaging.destination.name", envelope.Type);
                    span.SetTag("messaging.message.id", envelope.Id);
                    envelope = envelope with { TraceParent = span.Id };
                }
                spans[i] = span;
                envelopes[i] = envelope;
            }
        }
        finally
        {
            Activity.Current = current;
        }
        return new PublishTracing(envelopes, spans);
    }

    /// <summary>Ends every span; those the transport did not accept end as errors.</summary>
    public void End(PublishOutcome outcome)
    {
        for (var i = 0; i < _spans.Length; i++)
        {
            if (_spans[i] is not { } span)
            {
                continue;
            }
            if (i >= outcome.Accepted)
            {
                span.SetStatus(ActivityStatusCode.Error, outcome.Error?.Message ?? "not published");
            }
            span.Stop();
        }
    }
}
