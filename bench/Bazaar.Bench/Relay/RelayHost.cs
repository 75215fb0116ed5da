using System.Diagnostics;
using Bazaar.Bench.Reporting;
using Bazaar.BuildingBlocks;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.BuildingBlocks.Messaging.Nats;
using Bazaar.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NATS.Client.JetStream;
using Npgsql;

namespace Bazaar.Bench.Relay;

/// <summary>
/// The real outbox relay, hosted the way Bazaar.Server hosts a service's: <c>AddBazaarMessaging</c> on the NATS
/// transport and <c>AddServiceDbContext</c> on PostgreSQL register <see cref="OutboxRelay{TContext}"/> with its signal
/// and the <see cref="NatsTransport"/>. Its database is a scratch one, created with EnsureCreated and dropped at the end.
/// </summary>
public sealed class RelayHost(string postgres, string natsUrl)
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// The time from the commit of the outbox rows of <c>events</c> until every one is marked published. The
    /// <c>warmUp</c> rows go first, untimed, so the measured rows find the relay's queries compiled and its
    /// connections open, as a running service's are.
    /// </summary>
    public async Task<TimeSpan> RunAsync(IReadOnlyList<EventEnvelope> warmUp, IReadOnlyList<EventEnvelope> events, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var database = new NpgsqlConnectionStringBuilder(postgres) { Database = $"bazaar_bench_relay_{Guid.NewGuid():N}"[..40] };
        using var host = Build(database.ConnectionString);
        var nats = host.Services.GetRequiredService<NATS.Client.Core.NatsConnection>();
        var js = new NatsJSContext(nats);
        var stream = NatsTransport.StreamName(ProbeEvents.Service);

        await using (var scope = host.Services.CreateAsyncScope())
        {
            Report.Progress($"relay: creating scratch database {database.Database}");
            await scope.ServiceProvider.GetRequiredService<BenchDbContext>().Database.EnsureCreatedAsync(cancellationToken);
        }
        try
        {
            // A stream left by an interrupted run would hold messages this run did not publish.
            await DeleteStreamAsync(js, stream);
            await host.StartAsync(cancellationToken);
            await WaitForStreamAsync(js, stream, cancellationToken);

            await PublishAllAsync(host.Services, warmUp, timeout, cancellationToken);
            var elapsed = await PublishAllAsync(host.Services, events, timeout, cancellationToken);

            var stored = (await js.GetStreamAsync(stream, cancellationToken: cancellationToken)).Info.State.Messages;
            if (stored != warmUp.Count + events.Count)
            {
                throw new SetupException($"relay: stream {stream} holds {stored} messages after {warmUp.Count + events.Count} outbox rows were marked published");
            }
            return elapsed;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            await DeleteStreamAsync(js, stream);
            await using var scope = host.Services.CreateAsyncScope();
            NpgsqlConnection.ClearAllPools();
            await scope.ServiceProvider.GetRequiredService<BenchDbContext>().Database.EnsureDeletedAsync(CancellationToken.None);
            Report.Progress($"relay: dropped {database.Database} and stream {stream}");
        }
    }

    private IHost Build(string connectionString)
    {
        // No appsettings or command line: only Bazaar__Messaging__* from the environment (to tune the relay as a
        // service would be tuned) and what this run sets.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bazaar:Services"] = ProbeEvents.Service,
            ["Bazaar:Database:Provider"] = DatabaseProviders.Postgres,
            ["Bazaar:Messaging:Transport"] = "nats",
            ["Bazaar:Messaging:Nats:Url"] = natsUrl,
            [$"ConnectionStrings:{ProbeEvents.Service}"] = connectionString,
        });
        // stdout carries the result line alone.
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddMetrics();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<BazaarMetrics>();
        builder.AddBazaarMessaging();
        builder.AddServiceDbContext<BenchDbContext>();
        return builder.Build();
    }

    private static async Task<TimeSpan> PublishAllAsync(IServiceProvider services, IReadOnlyList<EventEnvelope> events, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BenchDbContext>();
        db.Outbox.AddRange(events.Select(e => new OutboxMessage { EventId = e.Id, Type = e.Type, Envelope = e.ToJson(), CreatedAt = e.Time }));
        Report.Progress($"relay: committing {events.Count} outbox rows in one transaction");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();

        // The commit wakes the relay (OutboxSignalInterceptor), as a service's own commits do.
        var clock = Stopwatch.StartNew();
        await transaction.CommitAsync(cancellationToken);
        long left;
        do
        {
            await Task.Delay(CheckEvery, cancellationToken);
            left = await db.Outbox.CountAsync(m => m.PublishedAt == null, cancellationToken);
            if (clock.Elapsed > timeout)
            {
                throw new SetupException($"relay: {left} of {events.Count} events still unpublished after {timeout.TotalSeconds:0} s");
            }
        }
        while (left > 0);
        clock.Stop();

        var retried = await db.Outbox.CountAsync(m => m.Attempts > 0, cancellationToken);
        if (retried > 0)
        {
            Report.Progress($"relay: {retried} events needed more than one attempt");
        }
        return clock.Elapsed;
    }

    private static async Task WaitForStreamAsync(NatsJSContext js, string stream, CancellationToken cancellationToken)
    {
        // The relay prepares its stream at start-up; that is not part of what is measured.
        var giveUpAt = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                await js.GetStreamAsync(stream, cancellationToken: cancellationToken);
                return;
            }
            catch (NatsJSApiException) when (DateTimeOffset.UtcNow < giveUpAt)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
            catch (NatsJSApiException ex)
            {
                throw new SetupException($"relay: its stream {stream} did not appear within 30 s", ex);
            }
        }
    }

    private static async Task DeleteStreamAsync(NatsJSContext js, string stream)
    {
        try
        {
            await js.DeleteStreamAsync(stream, CancellationToken.None);
        }
        catch (NatsJSApiException ex) when (ex.Error.Code == 404)
        {
        }
    }
}
