using Bazaar.BuildingBlocks.Hosting;
using Bazaar.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bazaar.BuildingBlocks.Messaging;

/// <summary>
/// Publishes a service's outbox in commit order. A message is marked published only after the transport
/// accepted it, so a crash between commit and publish delays the event but never loses it.
/// </summary>
public sealed partial class OutboxRelay<TContext>(
    IServiceScopeFactory scopes,
    IEventTransport transport,
    OutboxSignal<TContext> signal,
    MessagingOptions options,
    BazaarMetrics metrics,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<OutboxRelay<TContext>> logger) : BackgroundService
    where TContext : ServiceDbContext
{
    private readonly string _service = ServiceNames.Of<TContext>();
    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;
    private long _backlog = -1;
    private DateTimeOffset _nextBacklogCount = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (migrations run before) and consumers attach.
        await Task.Yield();
        try
        {
            await transport.PrepareToPublishAsync(_service, stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // The broker may be down at start-up: the first publish prepares the stream instead.
            LogPrepareFailed(logger, ex, _service);
        }
        if (!transport.IsDurable)
        {
            // Once the shop is up: re-sending minutes of events is catching up, and must not hold back start-up.
            await lifetime.WhenStartedAsync(stoppingToken);
            await ReplayRecentAsync(stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await PublishBatchesAsync(stoppingToken))
                {
                }
                if (time.GetUtcNow() >= _nextPrune)
                {
                    await PruneAsync(stoppingToken);
                    _nextPrune = time.GetUtcNow().AddHours(1);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRelayFailed(logger, ex, _service);
            }

            try
            {
                await signal.WaitAsync(options.RelayPollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <returns>Whether the pass stopped at its limit of batches with more possibly waiting.</returns>
    public async Task<bool> PublishBatchesAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        // SQLite serves one process, which has one relay per service; PostgreSQL may serve several replicas.
        await using var turn = db.Database.IsNpgsql() ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        if (turn is not null && !await TakeTurnAsync(db, cancellationToken))
        {
            // Another replica of this service is relaying; it publishes these rows.
            return false;
        }

        // The database and the broker work side by side: while one batch waits for the broker's acknowledgements,
        // the batch before it is marked published and the one after it is read. The marks become visible when the
        // pass commits; until then a crash only means those events go out again, which JetStream's duplicate window
        // and the consumers' inboxes absorb.
        var now = time.GetUtcNow();
        var batch = await ReadBatchAsync(db, afterId: 0, now, cancellationToken);
        List<long> toMark = [];
        var markedAt = now;
        var published = 0;
        var batches = 0;
        var more = false;
        var refused = false;
        while (batch.Count > 0)
        {
            var tracing = PublishTracing.Start([.. batch.Select(m => EventEnvelope.FromJson(m.Envelope))]);
            var publishing = transport.PublishInOrderAsync(tracing.Envelopes, cancellationToken);
            await MarkPublishedAsync(db, toMark, markedAt);
            batches++;
            var full = batch.Count == options.RelayBatchSize;
            var next = full && batches < options.RelayBatchesPerTurn ? await ReadBatchAsync(db, batch[^1].Id, now, cancellationToken) : [];
            var outcome = await publishing;
            tracing.End(outcome);
            markedAt = time.GetUtcNow();
            toMark = [.. batch.Take(outcome.Accepted).Select(m => m.Id)];
            published += outcome.Accepted;
            if (outcome.Error is not null && outcome.Accepted < batch.Count)
            {
                // Stop at the refused one: publishing later events first would reorder what consumers see.
                await RecordRefusalAsync(db, batch[outcome.Accepted], outcome.Error, markedAt);
                refused = true;
                break;
            }
            more = full && batches >= options.RelayBatchesPerTurn;
            batch = next;
        }
        await MarkPublishedAsync(db, toMark, markedAt);
        if (batches > 0 && turn is not null)
        {
            await turn.CommitAsync(CancellationToken.None);
        }
        // An idle pass ends its turn by rolling back (disposing the transaction): a commit would wake this relay again.
        metrics.EventsPublished.Add(published, new KeyValuePair<string, object?>("service", _service));
        // Counting the backlog reads every unpublished row. A pass that found the outbox empty behind it, with nothing
        // refused and nothing left over from before, leaves the backlog at zero without counting; while a long one
        // drains it is recounted at most once a second.
        var recount = refused || more || _backlog != 0;
        if (recount && (!more || markedAt >= _nextBacklogCount))
        {
            _backlog = await db.Outbox.CountAsync(m => m.PublishedAt == null, cancellationToken);
            _nextBacklogCount = markedAt + TimeSpan.FromSeconds(1);
            metrics.SetOutboxBacklog(_service, _backlog);
        }
        return more;
    }

    private Task<List<PendingEvent>> ReadBatchAsync(TContext db, long afterId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Outbox.AsNoTracking()
            .Where(m => m.Id > afterId && m.PublishedAt == null && (m.NextAttemptAt == null || m.NextAttemptAt <= now))
            .OrderBy(m => m.Id)
            .Take(options.RelayBatchSize)
            .Select(m => new PendingEvent(m.Id, m.EventId, m.Envelope, m.Attempts))
            .ToListAsync(cancellationToken);

    /// <summary>One statement marks a batch, rather than one UPDATE per row through the change tracker.</summary>
    private static async Task MarkPublishedAsync(TContext db, List<long> ids, DateTimeOffset publishedAt)
    {
        if (ids.Count > 0)
        {
            await db.Outbox
                .Where(m => ids.Contains(m.Id))
                .ExecuteUpdateAsync(m => m.SetProperty(x => x.PublishedAt, publishedAt).SetProperty(x => x.LastError, (string?)null), CancellationToken.None);
        }
    }

    private async Task RecordRefusalAsync(TContext db, PendingEvent refused, Exception error, DateTimeOffset at)
    {
        var attempts = refused.Attempts + 1;
        var retryAt = at + options.Backoff(attempts);
        await db.Outbox
            .Where(m => m.Id == refused.Id)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.Attempts, attempts).SetProperty(x => x.LastError, error.Message).SetProperty(x => x.NextAttemptAt, retryAt), CancellationToken.None);
        LogPublishFailed(logger, error, refused.EventId, attempts);
    }

    private sealed record PendingEvent(long Id, string EventId, string Envelope, int Attempts);

    /// <summary>
    /// Replicas of a service share one outbox table. A transaction-scoped advisory lock lets one relay at a time
    /// publish, so nothing goes out twice and events keep their commit order; the others try again at their next
    /// poll and take over as soon as the holder stops.
    /// </summary>
    private async Task<bool> TakeTurnAsync(TContext db, CancellationToken cancellationToken) =>
        await db.Database
            .SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock(hashtext({"outbox:" + _service})) AS \"Value\"")
            .SingleAsync(cancellationToken);

    /// <summary>Keeps the outbox and inbox from growing without bound.</summary>
    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var cutoff = time.GetUtcNow() - options.Retention;
        await db.Outbox.Where(m => m.PublishedAt != null && m.PublishedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        await db.Inbox.Where(m => m.HandledAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task ReplayRecentAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var since = time.GetUtcNow() - options.ReplayWindowOnStart;
        var recent = await db.Outbox
            .Where(m => m.PublishedAt != null && m.PublishedAt >= since)
            .OrderBy(m => m.Id)
            .Select(m => m.Envelope)
            .ToListAsync(cancellationToken);
        foreach (var envelope in recent)
        {
            await transport.ResendAsync(EventEnvelope.FromJson(envelope), cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox relay of {Service} failed")]
    private static partial void LogRelayFailed(ILogger logger, Exception ex, string service);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Preparing {Service}'s stream at start-up failed; the first publish tries again")]
    private static partial void LogPrepareFailed(ILogger logger, Exception ex, string service);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing event {EventId} failed (attempt {Attempt})")]
    private static partial void LogPublishFailed(ILogger logger, Exception ex, string eventId, int attempt);
}
