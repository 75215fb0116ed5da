using System.Text;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NATS.Client.Core;

namespace Bazaar.Analytics.Sources;

/// <summary>The embedded shape's input: the <c>input_events</c> table that <see cref="InputLogWriter"/> fills from the in-process bus.</summary>
public sealed class InputLogSource(IServiceScopeFactory scopes, InputLogWriter writer) : AnalyticsSource
{
    private const int BatchSize = 1000;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public override async Task ReadAsync(long position, ChannelWriter<SourceRecord> into, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            // Taken before the read, so an event stored during it is not waited for.
            var appended = writer.NextAppend;
            List<(long Sequence, string Envelope)> batch;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
                batch = (await db.InputEvents.AsNoTracking()
                        .Where(e => e.Sequence > position)
                        .OrderBy(e => e.Sequence)
                        .Take(BatchSize)
                        .Select(e => new { e.Sequence, e.Envelope })
                        .ToListAsync(cancellationToken))
                    .Select(e => (e.Sequence, e.Envelope))
                    .ToList();
            }

            for (var i = 0; i < batch.Count; i++)
            {
                var (sequence, envelope) = batch[i];
                var atEnd = i == batch.Count - 1 && batch.Count < BatchSize;
                var bytes = NatsMemoryOwner<byte>.Allocate(Encoding.UTF8.GetByteCount(envelope));
                Encoding.UTF8.GetBytes(envelope, bytes.Span);
                await into.WriteAsync(new SourceRecord(sequence, bytes, atEnd), cancellationToken);
                position = sequence;
            }

            if (batch.Count < BatchSize)
            {
                await Task.WhenAny(appended, Task.Delay(PollInterval, cancellationToken));
            }
        }
    }

    public override Task AppendClockTickAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        writer.AppendAsync(ClockTick.Envelope(now), cancellationToken);
}
