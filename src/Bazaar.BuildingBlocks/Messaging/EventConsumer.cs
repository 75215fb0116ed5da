using System.Diagnostics;
using Bazaar.BuildingBlocks.Hosting;
using Bazaar.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bazaar.BuildingBlocks.Messaging;

/// <summary>One handler of one event type in one service.</summary>
public sealed record HandlerBinding<TContext>(
    string Name,
    string EventType,
    Func<IServiceProvider, EventEnvelope, EventContext, CancellationToken, Task> Invoke)
    where TContext : ServiceDbContext;

/// <summary>What the admin API needs of every service's consumer: its dead letters.</summary>
public abstract class EventConsumer : BackgroundService
{
    public abstract string Service { get; }

    public abstract Task<IReadOnlyList<DeadLetterView>> ListDeadLettersAsync(bool includeReplayed, CancellationToken cancellationToken);

    /// <returns>null when there is no such dead letter.</returns>
    public abstract Task<ReplayOutcome?> ReplayAsync(long id, CancellationToken cancellationToken);
}

public sealed record DeadLetterView(string Id, string Service, string EventId, string Type, string Handler, string Error, int Attempts, DateTimeOffset FailedAt, DateTimeOffset? ReplayedAt);

public sealed record ReplayOutcome(bool Succeeded, string? Error);

/// <summary>
/// The durable consumer of one service: applies each event with every handler bound to its type, each in
/// its own transaction with an inbox record; retries failures with backoff and dead-letters after the limit.
/// </summary>
public sealed partial class EventConsumer<TContext>(
    IServiceScopeFactory scopes,
    IEventTransport transport,
    ConsumerDeclaration declaration,
    IEnumerable<HandlerBinding<TContext>> bindings,
    MessagingOptions options,
    BazaarMetrics metrics,
    TimeProvider time,
    ILogger<EventConsumer<TContext>> logger) : EventConsumer
    where TContext : ServiceDbContext
{
    private static readonly Func<TContext, string, string, CancellationToken, Task<bool>> AlreadyApplied = EF.CompileAsyncQuery(
        (TContext db, string eventId, string handler, CancellationToken _) => db.Inbox.Any(i => i.EventId == eventId && i.Handler == handler));

    private readonly ILookup<string, HandlerBinding<TContext>> _byType = bindings.ToLookup(b => b.EventType);

    public override string Service => declaration.Name;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        declaration.EventTypes.Count == 0 ? Task.CompletedTask : ConsumeAsync(stoppingToken);

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        try
        {
            await transport.ConsumeAsync(declaration, HandleAsync, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task HandleAsync(IncomingEvent incoming, CancellationToken cancellationToken)
    {
        var envelope = incoming.Envelope;
        List<(HandlerBinding<TContext> Binding, Exception Error)>? failures = null;
        foreach (var binding in _byType[envelope.Type])
        {
            try
            {
                await ApplyAsync(binding, envelope, incoming.DeliveryCount, incoming.MayBeDuplicate, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                metrics.EventsFailed.Add(1, new KeyValuePair<string, object?>("handler", binding.Name));
                LogHandlerFailed(logger, ex, binding.Name, envelope.Id, incoming.DeliveryCount);
                (failures ??= []).Add((binding, ex));
            }
        }

        if (failures is null)
        {
            await incoming.AckAsync(cancellationToken);
        }
        else if (failures.All(f => f.Error is EventArrivedEarlyException) && time.GetUtcNow() - envelope.Time < options.EarlyEventPatience)
        {
            // The event it depends on is normally a moment behind: look again soon, with a short backoff that stops growing.
            // Past the patience the earlier event is presumed lost, and this one is dead-lettered below to be seen.
            await incoming.NakAsync(options.Backoff(Math.Min(incoming.DeliveryCount, 3)), cancellationToken);
        }
        else if (failures.All(f => Outages.IsOutage(f.Error)))
        {
            // The database (or another server) is unreachable: nothing is wrong with the event, so it is never
            // dead-lettered for this; it comes back with backoff until the outage ends.
            await incoming.NakAsync(options.Backoff(incoming.DeliveryCount), cancellationToken);
        }
        else if (incoming.DeliveryCount >= options.MaxDeliveries)
        {
            foreach (var (binding, error) in failures)
            {
                await DeadLetterAsync(binding, envelope, error, incoming.DeliveryCount, cancellationToken);
            }
            await incoming.AckAsync(cancellationToken);
        }
        else
        {
            await incoming.NakAsync(options.Backoff(incoming.DeliveryCount), cancellationToken);
        }
    }

    private async Task ApplyAsync(HandlerBinding<TContext> binding, EventEnvelope envelope, int deliveryCount, bool mayBeDuplicate, CancellationToken cancellationToken)
    {
        using var activity = MessagingActivities.Source.StartActivity($"{binding.Name} {envelope.Type}", ActivityKind.Consumer, envelope.TraceParent);
        activity?.SetTag("messaging.message.id", envelope.Id);

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        // Where a duplicate is likely (the in-process bus re-sends recent events at start-up, a redelivery may
        // follow a lost ack) it is answered by a read, without the transaction, which on SQLite takes the
        // database's write lock at BEGIN. A first delivery skips the extra read.
        if (mayBeDuplicate && await AlreadyApplied(db, envelope.Id, binding.Name, cancellationToken))
        {
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await AlreadyApplied(db, envelope.Id, binding.Name, cancellationToken))
        {
            return;
        }

        var context = new EventContext(envelope.Id, envelope.Time, envelope.Subject, deliveryCount);
        await binding.Invoke(scope.ServiceProvider, envelope, context, cancellationToken);
        db.Inbox.Add(new InboxMessage { EventId = envelope.Id, Handler = binding.Name, HandledAt = time.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException) when (!cancellationToken.IsCancellationRequested)
        {
            // Another replica applied this very event meanwhile (JetStream delivered it again while the first one was
            // paused or slow to acknowledge): the inbox's key stopped this second effect, and the first one stands.
            if (!await AppliedElsewhereAsync(envelope.Id, binding.Name, cancellationToken))
            {
                throw;
            }
            return;
        }
        metrics.EventsHandled.Add(1, new KeyValuePair<string, object?>("handler", binding.Name));
    }

    private async Task<bool> AppliedElsewhereAsync(string eventId, string handler, CancellationToken cancellationToken)
    {
        // A fresh context: the failed transaction cannot be read through on PostgreSQL.
        await using var scope = scopes.CreateAsyncScope();
        return await AlreadyApplied(scope.ServiceProvider.GetRequiredService<TContext>(), eventId, handler, cancellationToken);
    }

    private async Task DeadLetterAsync(HandlerBinding<TContext> binding, EventEnvelope envelope, Exception error, int attempts, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        db.DeadLetters.Add(new DeadLetter
        {
            EventId = envelope.Id,
            Type = envelope.Type,
            Handler = binding.Name,
            Envelope = envelope.ToJson(),
            Error = $"{error.GetType().Name}: {error.Message}",
            Attempts = attempts,
            FailedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        metrics.EventsDeadLettered.Add(1, new KeyValuePair<string, object?>("handler", binding.Name));
        LogDeadLettered(logger, envelope.Id, binding.Name, attempts);
    }

    public override async Task<IReadOnlyList<DeadLetterView>> ListDeadLettersAsync(bool includeReplayed, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var rows = await db.DeadLetters
            .Where(d => includeReplayed || d.ReplayedAt == null)
            .OrderBy(d => d.Id)
            .ToListAsync(cancellationToken);
        return rows.Select(d => new DeadLetterView($"{Service}-{d.Id}", Service, d.EventId, d.Type, d.Handler, d.Error, d.Attempts, d.FailedAt, d.ReplayedAt)).ToList();
    }

    public override async Task<ReplayOutcome?> ReplayAsync(long id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var letter = await db.DeadLetters.FindAsync([id], cancellationToken);
        var binding = letter is null ? null : _byType[letter.Type].FirstOrDefault(b => b.Name == letter.Handler);
        if (letter is null || binding is null)
        {
            return null;
        }

        try
        {
            await ApplyAsync(binding, EventEnvelope.FromJson(letter.Envelope), letter.Attempts + 1, mayBeDuplicate: true, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            letter.Attempts++;
            letter.Error = $"{ex.GetType().Name}: {ex.Message}";
            await db.SaveChangesAsync(cancellationToken);
            return new ReplayOutcome(false, letter.Error);
        }

        letter.ReplayedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return new ReplayOutcome(true, null);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handler {Handler} failed on event {EventId} (delivery {Delivery})")]
    private static partial void LogHandlerFailed(ILogger logger, Exception ex, string handler, string eventId, int delivery);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event {EventId} dead-lettered for {Handler} after {Attempts} attempts")]
    private static partial void LogDeadLettered(ILogger logger, string eventId, string handler, int attempts);
}
