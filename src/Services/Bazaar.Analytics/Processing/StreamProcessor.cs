using System.Threading.Channels;
using Bazaar.Analytics.Anomalies;
using Bazaar.Analytics.Lake;
using Bazaar.Analytics.Results;
using Bazaar.Analytics.Sources;
using Bazaar.Analytics.Windows;
using Bazaar.BuildingBlocks;
using Bazaar.Contracts.Analytics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bazaar.Analytics.Processing;

/// <summary>
/// Runs the input stream through the windows and the anomaly detector. At each checkpoint it stores, in one
/// transaction, the results since the last one, their events (in the outbox) and its state with its position, so
/// that after a crash it resumes from the last checkpoint and publishes exactly what an uninterrupted run would.
/// One process at a time runs the stream (a lease on the checkpoint row); other replicas stand by.
/// </summary>
public sealed partial class StreamProcessor(
    IServiceScopeFactory scopes,
    AnalyticsSource source,
    AnalyticsOptions options,
    AnomalyOptions anomalyOptions,
    LakeWriter lake,
    ResultFeed feed,
    BazaarMetrics metrics,
    TimeProvider time,
    ILogger<StreamProcessor> logger) : BackgroundService
{
    /// <summary>Events taken from the input between two looks at the checkpoint schedule.</summary>
    public const int BatchSize = 4096;

    /// <summary>Events read ahead of the counting.</summary>
    public const int InputCapacity = BatchSize * 2;

    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var attempt = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Whatever went wrong, the stored checkpoint is consistent: start again from it.
                attempt++;
                LogRunFailed(logger, ex, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt * 2)), time, stoppingToken);
            }
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var checkpoint = await AcquireAsync(stoppingToken);
        var run = ProcessorRun.Restore(options, anomalyOptions, checkpoint);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        // Reading (NATS.Net's work, or the input table's) runs beside parsing and counting, handing events on in order; a
        // third thread for the parsing was tried and cost more in hand-overs between threads than it won on two cores.
        var input = Channel.CreateBounded<SourceRecord>(new BoundedChannelOptions(InputCapacity) { SingleReader = true, SingleWriter = true });
        var reader = Task.Run(() => source.ReadAsync(run.Engine.Position, input.Writer, reading.Token), reading.Token);
        try
        {
            await ProcessAsync(run, input.Reader, reader, stoppingToken);
        }
        finally
        {
            await reading.CancelAsync();
            try
            {
                await reader;
            }
            catch (OperationCanceledException)
            {
            }
            await ReleaseAsync();
        }
    }

    private async Task ProcessAsync(ProcessorRun run, ChannelReader<SourceRecord> input, Task reader, CancellationToken stoppingToken)
    {
        var schedule = new CheckpointSchedule(options, time);
        var published = new List<WindowResult>();
        var anomalies = new List<AnomalyDetected>();
        var checkpointedAt = run.Engine.Position;
        var lastInput = time.GetTimestamp();
        var lastRenewal = time.GetTimestamp();
        var atEnd = true;
        // A checkpoint is written while the next events are counted: its state is taken first, and the lake files and
        // the transaction (half of them waiting on the disk) run beside the counting. One is written at a time, in order.
        var committing = Task.CompletedTask;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (reader.IsCompleted)
                {
                    await reader;
                    throw new InvalidOperationException("The analytics input stopped.");
                }
                if (committing.IsCompleted)
                {
                    // A failed checkpoint ends the run here; it starts again from the last stored one.
                    await committing;
                }

                var count = 0;
                if (await WaitForInputAsync(input, stoppingToken))
                {
                    while (count < BatchSize && input.TryRead(out var record))
                    {
                        using var envelope = record.Envelope;
                        run.Ingest(StreamEventReader.Read(envelope.Span, record.Sequence), published, anomalies);
                        schedule.EventIngested();
                        atEnd = record.AtEnd;
                        count++;
                    }
                }

                if (count > 0)
                {
                    lastInput = time.GetTimestamp();
                }
                // Results go out as soon as the input is drained; while a backlog is read they wait for the scheduled
                // checkpoint, since committing every window closed during a catch-up would cost a transaction and a set of
                // lake files each.
                var caughtUp = atEnd && !input.TryPeek(out _);
                if (schedule.IsDue || (published.Count + anomalies.Count > 0 && caughtUp))
                {
                    await committing;
                    committing = CommitAsync(run.Snapshot(), published, anomalies, checkpointedAt, stoppingToken);
                    checkpointedAt = run.Engine.Position;
                    schedule.CheckpointTaken();
                    published = [];
                    anomalies = [];
                    lastRenewal = time.GetTimestamp();
                }
                else if (time.GetElapsedTime(lastRenewal) >= options.LeaseDuration / 3 && committing.IsCompleted)
                {
                    // (A checkpoint being written renews the lease itself, and would conflict with this.)
                    await RenewAsync(stoppingToken);
                    lastRenewal = time.GetTimestamp();
                }

                if (count == 0 && time.GetElapsedTime(lastInput) >= options.ClockTickAfter)
                {
                    await source.AppendClockTickAsync(time.GetUtcNow(), stoppingToken);
                    lastInput = time.GetTimestamp();
                }
            }
        }
        catch
        {
            // The run ends either way; the checkpoint under way must not be left writing while the lease is released.
            await committing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
        await committing;
    }

    /// <summary>Waits for input, but not past the moment a checkpoint, a lease renewal or a clock tick may be due.</summary>
    private async Task<bool> WaitForInputAsync(ChannelReader<SourceRecord> input, CancellationToken stoppingToken)
    {
        if (input.TryPeek(out _))
        {
            return true;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(Math.Min(1000, options.ClockTickAfter.TotalMilliseconds / 2)));
        try
        {
            return await input.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task CommitAsync(RunSnapshot snapshot, List<WindowResult> results, List<AnomalyDetected> anomalies, long checkpointedAt, CancellationToken cancellationToken)
    {
        // Off the counting thread from here on.
        await Task.Yield();
        var published = LatestRevisions(results);
        // The lake is written first, under a name made of the position this batch starts after: a crash before the
        // commit below re-runs the batch from that position and rewrites the same files, never adding a second copy.
        if (published.Count > 0)
        {
            await lake.AppendAsync(published, checkpointedAt, cancellationToken);
        }

        var now = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var checkpoint = await db.Checkpoints.SingleAsync(c => c.Name == ProcessorCheckpoint.Main, cancellationToken);
        if (checkpoint.LeaseOwner != _owner)
        {
            throw new LeaseLostException();
        }

        await ResultStore.SaveWindowsAsync(db, published, snapshot.Position, now, cancellationToken);
        foreach (var result in published)
        {
            db.Publish(new WindowClosed(result), subject: $"{ResultStore.KindName(result.Kind)}/{result.Start:O}");
        }
        foreach (var anomaly in anomalies)
        {
            if (await ResultStore.SaveAnomalyAsync(db, anomaly, snapshot.Position, now, cancellationToken))
            {
                db.Publish(anomaly, subject: anomaly.AnomalyId);
            }
        }

        var (position, late, dropped) = (checkpoint.Position, checkpoint.LateEvents, checkpoint.DroppedEvents);
        snapshot.ApplyTo(checkpoint);
        checkpoint.UpdatedAt = now;
        checkpoint.LeaseUntil = now + options.LeaseDuration;
        checkpoint.Version = Guid.NewGuid();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        feed.Signal();

        // Counted from the stored checkpoint's figures, so events processed again after a crash are not counted twice.
        metrics.AnalyticsEvents.Add(checkpoint.Position - position);
        metrics.AnalyticsLateEvents.Add(checkpoint.LateEvents - late);
        metrics.AnalyticsDroppedEvents.Add(checkpoint.DroppedEvents - dropped);
        foreach (var result in published)
        {
            metrics.AnalyticsWindows.Add(1, new KeyValuePair<string, object?>("kind", ResultStore.KindName(result.Kind)));
        }
        foreach (var anomaly in anomalies)
        {
            metrics.AnalyticsAnomalies.Add(1, new KeyValuePair<string, object?>("metric", anomaly.Metric), new KeyValuePair<string, object?>("kind", anomaly.Kind));
        }
    }

    /// <summary>
    /// A window corrected many times between two checkpoints (a burst of late events) is stored and published once, at
    /// its latest revision: revisions then skip numbers, but each one published holds every event counted before it.
    /// </summary>
    private static List<WindowResult> LatestRevisions(List<WindowResult> results)
    {
        var latest = new Dictionary<(WindowKind, DateTimeOffset), int>();
        for (var i = 0; i < results.Count; i++)
        {
            latest[(results[i].Kind, results[i].Start)] = i;
        }
        if (latest.Count == results.Count)
        {
            return results;
        }
        var kept = new List<WindowResult>(latest.Count);
        for (var i = 0; i < results.Count; i++)
        {
            if (latest[(results[i].Kind, results[i].Start)] == i)
            {
                kept.Add(results[i]);
            }
        }
        return kept;
    }

    /// <summary>Takes the stream when no other process holds it, creating the checkpoint on the very first start.</summary>
    private async Task<ProcessorCheckpoint> AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
            var now = time.GetUtcNow();
            var checkpoint = await db.Checkpoints.SingleOrDefaultAsync(c => c.Name == ProcessorCheckpoint.Main, cancellationToken);
            if (checkpoint is null)
            {
                checkpoint = new ProcessorCheckpoint { Name = ProcessorCheckpoint.Main, Engine = "", Detector = "" };
                ProcessorRun.Start(options, anomalyOptions).Snapshot().ApplyTo(checkpoint);
                db.Checkpoints.Add(checkpoint);
            }
            else if (checkpoint.LeaseOwner is not null && checkpoint.LeaseOwner != _owner && checkpoint.LeaseUntil > now)
            {
                await Task.Delay(options.LeaseDuration / 3, time, cancellationToken);
                continue;
            }

            checkpoint.LeaseOwner = _owner;
            checkpoint.LeaseUntil = now + options.LeaseDuration;
            checkpoint.UpdatedAt = now;
            checkpoint.Version = Guid.NewGuid();
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                LogAcquired(logger, checkpoint.Position);
                return checkpoint;
            }
            catch (DbUpdateException)
            {
                // Another replica took it (or created it) first.
                await Task.Delay(options.LeaseDuration / 3, time, cancellationToken);
            }
        }
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
        var checkpoint = await db.Checkpoints.SingleAsync(c => c.Name == ProcessorCheckpoint.Main, cancellationToken);
        if (checkpoint.LeaseOwner != _owner)
        {
            throw new LeaseLostException();
        }
        checkpoint.LeaseUntil = time.GetUtcNow() + options.LeaseDuration;
        checkpoint.Version = Guid.NewGuid();
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>On a clean stop another replica need not wait for the lease to run out.</summary>
    private async Task ReleaseAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await db.Checkpoints
                .Where(c => c.Name == ProcessorCheckpoint.Main && c.LeaseOwner == _owner)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.LeaseOwner, (string?)null), timeout.Token);
        }
        catch (Exception ex) when (ex is DbUpdateException or OperationCanceledException or InvalidOperationException or System.Data.Common.DbException)
        {
            // The lease then runs out by itself.
        }
    }

    private sealed class LeaseLostException() : InvalidOperationException("Another process took over the analytics stream.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Analytics stream taken over at position {Position}")]
    private static partial void LogAcquired(ILogger logger, long position);

    [LoggerMessage(Level = LogLevel.Error, Message = "The analytics stream stopped (attempt {Attempt}); resuming from the last checkpoint")]
    private static partial void LogRunFailed(ILogger logger, Exception ex, int attempt);
}
