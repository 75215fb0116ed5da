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
            await WhenStartedAsync(stoppingToken);
            await ReplayRecentAsync(stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await PublishBatchAsync(stoppingToken))
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

    private async Task WhenStartedAsync(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(cancellationToken);
    }

    /// <returns>Whether a full batch went out, so another may be waiting.</returns>
    public async Task<bool> PublishBatchAsync(CancellationToken cancellationToken)
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
        var now = time.GetUtcNow();
        var batch = await db.Outbox
            .Where(m => m.PublishedAt == null && (m.NextAttemptAt == null || m.NextAttemptAt <= now))
            .OrderBy(m => m.Id)
            .Take(options.RelayBatchSize)
            .ToListAsync(cancellationToken);

        var outcome = await transport.PublishInOrderAsync([.. batch.Select(m => EventEnvelope.FromJson(m.Envelope))], cancellationToken);
        var publishedAt = time.GetUtcNow();
        foreach (var message in batch.Take(outcome.Accepted))
        {
            message.PublishedAt = publishedAt;
            message.LastError = null;
        }
        if (outcome.Error is not null && outcome.Accepted < batch.Count)
        {
            // Stop at the refused one: publishing later events first would reorder what consumers see.
            var refused = batch[outcome.Accepted];
            refused.Attempts++;
            refused.LastError = outcome.Error.Message;
            refused.NextAttemptAt = publishedAt + options.Backoff(refused.Attempts);
            LogPublishFailed(logger, outcome.Error, refused.EventId, refused.Attempts);
        }
        var published = outcome.Accepted;

        if (batch.Count > 0)
        {
            await db.SaveChangesAsync(CancellationToken.None);
            if (turn is not null)
            {
                await turn.CommitAsync(CancellationToken.None);
            }
        }
        // An idle pass ends its turn by rolling back (disposing the transaction): a commit would wake this relay again.
        metrics.EventsPublished.Add(published, new KeyValuePair<string, object?>("service", _service));
        // An idle poll over an empty backlog has nothing to recount; every other pass refreshes the gauge.
        if (batch.Count > 0 || _backlog != 0)
        {
            _backlog = await db.Outbox.CountAsync(m => m.PublishedAt == null, cancellationToken);
            metrics.SetOutboxBacklog(_service, _backlog);
        }
        return published == options.RelayBatchSize;
    }

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
            await transport.PublishAsync(EventEnvelope.FromJson(envelope), cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox relay of {Service} failed")]
    private static partial void LogRelayFailed(ILogger logger, Exception ex, string service);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Preparing {Service}'s stream at start-up failed; the first publish tries again")]
    private static partial void LogPrepareFailed(ILogger logger, Exception ex, string service);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing event {EventId} failed (attempt {Attempt})")]
    private static partial void LogPublishFailed(ILogger logger, Exception ex, string eventId, int attempt);
}
