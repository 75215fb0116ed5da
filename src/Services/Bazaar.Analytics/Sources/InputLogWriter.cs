using Bazaar.Analytics.Processing;
using Bazaar.BuildingBlocks.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bazaar.Analytics.Sources;

/// <summary>
/// Stores the order and payment events the in-process bus delivers to analytics into the input log, each once
/// (the bus re-sends recent events at start-up). One event at a time: the log's sequence must grow in the order
/// rows become visible, or the reader could pass over a row that commits after a later one.
/// </summary>
public sealed class InputLogWriter(IServiceScopeFactory scopes, IEventTransport transport, TimeProvider time) : BackgroundService
{
    public const string ConsumerName = "analytics-input";

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly Pulse _appended = new();

    /// <summary>Completes when the next event is stored.</summary>
    public Task NextAppend => _appended.Next;

    public static ConsumerDeclaration Declaration { get; } = new(ConsumerName, InputEvents.Types);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await transport.ConsumeAsync(Declaration, async (incoming, ct) =>
            {
                await AppendAsync(incoming.Envelope, ct);
                await incoming.AckAsync(ct);
            }, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task AppendAsync(EventEnvelope envelope, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
            if (await db.InputEvents.AnyAsync(e => e.EventId == envelope.Id, cancellationToken))
            {
                return;
            }
            db.InputEvents.Add(new InputEvent { EventId = envelope.Id, Type = envelope.Type, Time = envelope.Time, Envelope = envelope.ToJson() });
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            _oneAtATime.Release();
        }
        _appended.Signal();
    }

    /// <summary>Forgets events older than the bus's retention that the processor has passed.</summary>
    public async Task PruneAsync(long processedUpTo, TimeSpan retention, CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - retention;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
        await db.InputEvents.Where(e => e.Sequence <= processedUpTo && e.Time < before).ExecuteDeleteAsync(cancellationToken);
    }
}
