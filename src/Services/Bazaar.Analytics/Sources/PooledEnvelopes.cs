using System.Buffers;
using NATS.Client.Core;

namespace Bazaar.Analytics.Sources;

/// <summary>
/// Copies each message's payload into a buffer of a pool sized for every envelope in flight: the messages the client
/// holds for the processor, and the processor's own queue.
/// </summary>
/// <remarks>
/// The shared array pool keeps a few dozen buffers per size; the processor hands back thousands at once after a batch,
/// so with it nearly every envelope was a fresh array that lived long enough to be copied by the garbage collector.
/// </remarks>
public sealed class PooledEnvelopes(int inFlight) : INatsDeserialize<NatsMemoryOwner<byte>>
{
    // Larger envelopes than this are not kept (the pool hands out a fresh array for them); Bazaar's are under 4 KiB.
    private const int LargestPooled = 64 * 1024;

    private readonly ArrayPool<byte> _pool = ArrayPool<byte>.Create(LargestPooled, inFlight);

    public NatsMemoryOwner<byte> Deserialize(in ReadOnlySequence<byte> buffer)
    {
        var envelope = NatsMemoryOwner<byte>.Allocate((int)buffer.Length, _pool);
        buffer.CopyTo(envelope.Span);
        return envelope;
    }
}
