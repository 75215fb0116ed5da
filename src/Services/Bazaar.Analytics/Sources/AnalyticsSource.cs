using System.Threading.Channels;
using NATS.Client.Core;

namespace Bazaar.Analytics.Sources;

/// <summary>
/// One event of the input stream: its position in the stream, its CloudEvents envelope as UTF-8 JSON, and whether it
/// was the last event of the stream when it was read (the processor is then caught up, and publishes what it has).
/// </summary>
/// <remarks>
/// The envelope lives in a pooled buffer (JetStream's in <see cref="PooledEnvelopes"/>, the input table's in the shared
/// array pool), and whoever reads the record disposes it: at a hundred thousand events a second, a fresh array per
/// event was a large share of what the garbage collector did.
/// </remarks>
public readonly record struct SourceRecord(long Sequence, NatsMemoryOwner<byte> Envelope, bool AtEnd);

/// <summary>
/// The analytics input: the order and payment events in one total order that never changes once written, so that
/// a position in it says exactly which events a checkpoint includes, and reading it again gives the same events in
/// the same order. The embedded shape keeps it as a table (<see cref="InputLogSource"/>), the distributed shape as a
/// JetStream stream sourcing the ordering and payment streams (<see cref="JetStreamSource"/>).
/// </summary>
public abstract class AnalyticsSource
{
    /// <summary>Writes the events after <paramref name="position"/> into <paramref name="into"/>, in order, until cancelled.</summary>
    public abstract Task ReadAsync(long position, ChannelWriter<SourceRecord> into, CancellationToken cancellationToken);

    /// <summary>
    /// Appends a clock tick: an event of no business meaning whose time moves the watermark on while the shop is quiet,
    /// so the windows close. It is part of the stream like any event, so a replay closes the windows at the same points.
    /// </summary>
    public abstract Task AppendClockTickAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
