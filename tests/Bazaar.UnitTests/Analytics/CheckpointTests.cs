using System.Text.Json;
using Bazaar.Analytics.Windows;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.Contracts.Analytics;
using Bazaar.Contracts.Ordering;
using Bazaar.Contracts.Payment;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Bazaar.UnitTests.Analytics;

public sealed class CheckpointTests
{
    private static readonly AnalyticsOptions Options = new() { CheckpointEveryEvents = 300, CheckpointInterval = TimeSpan.FromSeconds(7) };

    private static string Json(IEnumerable<WindowResult> results) => JsonSerializer.Serialize(results, EventJson.Options);

    private static (List<WindowResult> Published, WindowEngine Engine) RunUninterrupted(IEnumerable<OrderStreamEvent> events, AnalyticsOptions? options = null)
    {
        var engine = new WindowEngine(options ?? Options);
        var published = new List<WindowResult>();
        foreach (var e in events)
        {
            engine.Ingest(e, published);
        }
        return (published, engine);
    }

    [Fact]
    public void A_run_that_crashes_and_resumes_from_its_checkpoints_publishes_exactly_what_an_uninterrupted_run_does()
    {
        var events = RandomOrderStream.Generate(seed: 20261127, count: 5000);
        var (expected, uninterrupted) = RunUninterrupted(events);
        // The stream exercises everything a checkpoint has to carry.
        Assert.True(uninterrupted.DroppedEvents > 0 && uninterrupted.LateEvents > uninterrupted.DroppedEvents && uninterrupted.DuplicateEvents > 0);
        Assert.Contains(expected, r => r.Kind == WindowKind.Tumbling && r.Revision > 2);
        Assert.Contains(expected, r => r.Kind == WindowKind.Sliding && r.Revision > 2);

        // The store: the last checkpoint, and the results committed in the same transaction.
        var stored = new WindowEngine(Options).CreateCheckpoint().ToJson();
        var committed = new List<WindowResult>();
        var pending = new List<WindowResult>();
        var lostAtCrashes = new List<(int CommittedBefore, List<WindowResult> Lost)>();
        var crashAfter = new Queue<int>([800, 2345, 2400, 4999]);
        var time = new FakeTimeProvider();
        var engine = WindowEngine.Restore(Options, Checkpoint.FromJson(stored));
        var schedule = new CheckpointSchedule(Options, time);
        var ingested = 0;
        var next = 0;
        while (next < events.Count)
        {
            engine.Ingest(events[next++], pending);
            time.Advance(TimeSpan.FromMilliseconds(37));
            if (schedule.EventIngested())
            {
                committed.AddRange(pending);
                pending.Clear();
                stored = engine.CreateCheckpoint().ToJson();
                schedule.CheckpointTaken();
            }
            if (crashAfter.TryPeek(out var crash) && ++ingested == crash)
            {
                // The process dies: what was not committed is gone. The next one resumes after the stored position.
                crashAfter.Dequeue();
                lostAtCrashes.Add((committed.Count, [.. pending]));
                pending.Clear();
                var checkpoint = Checkpoint.FromJson(stored);
                engine = WindowEngine.Restore(Options, checkpoint);
                schedule = new CheckpointSchedule(Options, time);
                next = events.FindIndex(e => e.Sequence == checkpoint.Position) + 1;
            }
        }
        committed.AddRange(pending);

        Assert.Empty(crashAfter);
        Assert.Equal(Json(expected), Json(committed));
        Assert.Equal(uninterrupted.CreateCheckpoint().ToJson(), engine.CreateCheckpoint().ToJson());
        // What a crash lost had perhaps been seen downstream already: it is published again, identical.
        Assert.Contains(lostAtCrashes, c => c.Lost.Count > 0);
        foreach (var (committedBefore, lost) in lostAtCrashes)
        {
            Assert.Equal(Json(expected.Skip(committedBefore).Take(lost.Count)), Json(lost));
        }
    }

    [Fact]
    public void Replaying_the_stored_stream_into_a_fresh_engine_publishes_the_same_results()
    {
        var events = RandomOrderStream.Generate(seed: 7, count: 3000);
        var (live, liveEngine) = RunUninterrupted(events);

        // The replay reads the events back from their CloudEvents JSON, as a consumer starting from the beginning would.
        var (replayed, replayEngine) = RunUninterrupted(events.Select(ThroughEnvelopeJson));

        Assert.NotEmpty(live);
        Assert.Equal(Json(live), Json(replayed));
        Assert.Equal(liveEngine.CreateCheckpoint().ToJson(), replayEngine.CreateCheckpoint().ToJson());
    }

    private static OrderStreamEvent ThroughEnvelopeJson(OrderStreamEvent e)
    {
        var envelope = e.Data switch
        {
            OrderPlaced d => EventEnvelope.Create(d, null, e.Time),
            OrderConfirmed d => EventEnvelope.Create(d, null, e.Time),
            OrderCancelled d => EventEnvelope.Create(d, null, e.Time),
            PaymentFailed d => EventEnvelope.Create(d, null, e.Time),
            OrderShipped d => EventEnvelope.Create(d, null, e.Time),
            _ => throw new InvalidOperationException(e.Data.GetType().Name),
        };
        var json = (envelope with { Id = e.EventId }).ToJson();
        var read = EventEnvelope.FromJson(json);
        object data = e.Data switch
        {
            OrderPlaced => read.DataAs<OrderPlaced>(),
            OrderConfirmed => read.DataAs<OrderConfirmed>(),
            OrderCancelled => read.DataAs<OrderCancelled>(),
            PaymentFailed => read.DataAs<PaymentFailed>(),
            _ => read.DataAs<OrderShipped>(),
        };
        return new OrderStreamEvent(e.Sequence, read.Id, read.Time, data);
    }

    [Fact]
    public void The_last_revision_of_every_window_counts_each_distinct_event_exactly_once()
    {
        var options = new AnalyticsOptions { CorrectionHorizon = TimeSpan.FromHours(24) };
        var events = RandomOrderStream.Generate(seed: 99, count: 3000, withEventsPastTheHorizon: false);
        var closeEverything = new OrderStreamEvent(
            events[^1].Sequence + 1, "close", events.Max(e => e.Time) + TimeSpan.FromHours(3), new OrderShipped("o", "u", "e"));
        var (published, engine) = RunUninterrupted([.. events, closeEverything], options);
        Assert.True(engine.LateEvents > 0 && engine.DuplicateEvents > 0);
        Assert.Equal(0, engine.DroppedEvents);

        var windowTicks = options.WindowSize.Ticks;
        var distinct = events.DistinctBy(e => e.EventId).Where(e => e.Data is not OrderShipped).ToList();
        var expected = distinct
            .GroupBy(e => new DateTimeOffset(e.Time.UtcTicks / windowTicks * windowTicks, TimeSpan.Zero))
            .OrderBy(g => g.Key)
            .Select(g => new
            {
                Start = g.Key,
                Placed = g.Count(e => e.Data is OrderPlaced),
                Confirmed = g.Count(e => e.Data is OrderConfirmed),
                Cancelled = g.Count(e => e.Data is OrderCancelled),
                Failures = g.Count(e => e.Data is PaymentFailed),
                Items = g.Select(e => e.Data).OfType<OrderPlaced>().Sum(o => o.Lines.Sum(l => l.Quantity)),
                Revenue = string.Join(",", g.Select(e => e.Data).OfType<OrderPlaced>().GroupBy(o => o.Currency).OrderBy(c => c.Key, StringComparer.Ordinal)
                    .Select(c => $"{c.Key}={c.Sum(o => o.Total)}")),
            })
            .ToList();
        var tumbling = published.Tumbling().GroupBy(r => r.Start).OrderBy(g => g.Key).ToList();
        // Each window is published as revisions 1, 2, 3... in order.
        Assert.All(tumbling, g => Assert.Equal(Enumerable.Range(1, g.Count()), g.Select(r => r.Revision)));
        var actual = tumbling.Select(g => g.Last()).Select(r => new
        {
            r.Start,
            Placed = (int)r.OrdersPlaced,
            Confirmed = (int)r.OrdersConfirmed,
            Cancelled = (int)r.Cancellations,
            Failures = (int)r.PaymentFailures.Sum(f => f.Count),
            Items = (int)r.ItemsSold,
            Revenue = string.Join(",", r.Revenue.Select(c => $"{c.Currency}={c.Revenue}")),
        });
        Assert.Equal(expected, actual);

        // And the last revision of each sliding view adds up the last revisions of its windows.
        var placedByWindow = expected.ToDictionary(w => w.Start, w => w.Placed);
        foreach (var view in published.Sliding().GroupBy(r => r.End).Select(g => g.Last()))
        {
            var inView = placedByWindow.Where(w => w.Key >= view.Start && w.Key < view.End).Sum(w => w.Value);
            Assert.Equal(inView, view.OrdersPlaced);
        }
    }

    [Fact]
    public void A_checkpoint_reads_back_from_its_json_to_the_same_state()
    {
        var (_, engine) = RunUninterrupted(RandomOrderStream.Generate(seed: 3, count: 1500));
        var json = engine.CreateCheckpoint().ToJson();

        var restored = WindowEngine.Restore(Options, Checkpoint.FromJson(json));

        Assert.Equal(json, restored.CreateCheckpoint().ToJson());
        Assert.Equal((engine.Position, engine.Watermark, engine.LateEvents), (restored.Position, restored.Watermark, restored.LateEvents));
        Assert.Equal(Json(engine.PreviewOpenWindows()), Json(restored.PreviewOpenWindows()));
    }

    [Fact]
    public void A_checkpoint_cannot_be_restored_with_another_window_size()
    {
        var (_, engine) = RunUninterrupted(RandomOrderStream.Generate(seed: 3, count: 100));
        var checkpoint = engine.CreateCheckpoint();

        Assert.Throws<ArgumentException>(() => WindowEngine.Restore(new AnalyticsOptions { WindowSize = TimeSpan.FromMinutes(1) }, checkpoint));
    }
}
