using System.Text.Json;
using System.Threading.Channels;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.BuildingBlocks.Messaging.Nats;
using Bazaar.DistributedTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Xunit;

namespace Bazaar.DistributedTests.Messaging;

/// <summary>The transport against a real JetStream; each test has a producing "service" and stream of its own.</summary>
[Collection(NatsCollection.Name)]
public sealed class NatsTransportTests(NatsServer server) : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private readonly string _service = "t" + Guid.NewGuid().ToString("N")[..10];
    private readonly List<IAsyncDisposable> _connections = [];

    private string EventType => $"bazaar.{_service}.thing-happened";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_published_event_arrives_once_with_its_id_and_trace_headers_and_is_acknowledged()
    {
        var transport = NewTransport();
        var consumer = new ConsumerDeclaration("round-trip", new HashSet<string> { EventType });
        var received = Channel.CreateUnbounded<IncomingEvent>();
        using var stop = new CancellationTokenSource();
        var consuming = transport.ConsumeAsync(consumer, async (incoming, ct) =>
        {
            await incoming.AckAsync(ct);
            received.Writer.TryWrite(incoming);
        }, stop.Token);

        var raw = NewConnection();
        await using var subscription = await raw.SubscribeCoreAsync<string>(EventType);
        // The server answers a ping after the subscription before it, so the publish below cannot overtake it.
        await raw.PingAsync();
        var sent = NewEnvelope("order-1") with { TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" };
        await transport.PublishAsync(sent, CancellationToken.None);

        var got = await ReadAsync(received);
        Assert.Equal(sent.Id, got.Envelope.Id);
        Assert.Equal(EventType, got.Envelope.Type);
        Assert.Equal("order-1", got.Envelope.Subject);
        Assert.Equal(42, got.Envelope.Data.GetProperty("quantity").GetInt32());
        Assert.Equal(1, got.DeliveryCount);

        var onTheWire = await subscription.Msgs.ReadAsync(new CancellationTokenSource(Bound).Token);
        Assert.Equal(sent.Id, onTheWire.Headers!["Nats-Msg-Id"].ToString());
        Assert.Equal(sent.TraceParent, onTheWire.Headers["traceparent"].ToString());
        Assert.Equal(sent.Id, EventEnvelope.FromJson(onTheWire.Data!).Id);

        var js = new NatsJSContext(raw);
        await EventuallyAsync(async () =>
        {
            var info = (await js.GetConsumerAsync(NatsTransport.StreamName(_service), "round-trip")).Info;
            return info.NumAckPending == 0 && info.NumPending == 0;
        }, "the delivery to be acknowledged");
        Assert.False(received.Reader.TryRead(out _), "an acknowledged event must not come again");

        await stop.CancelAsync();
        await AssertStopsAsync(consuming);
    }

    [Fact]
    public async Task A_negative_acknowledgement_brings_the_event_back_as_the_second_delivery()
    {
        var transport = NewTransport();
        var consumer = new ConsumerDeclaration("nak", new HashSet<string> { EventType });
        var received = Channel.CreateUnbounded<(string Id, int Count)>();
        using var stop = new CancellationTokenSource();
        var consuming = transport.ConsumeAsync(consumer, async (incoming, ct) =>
        {
            received.Writer.TryWrite((incoming.Envelope.Id, incoming.DeliveryCount));
            if (incoming.DeliveryCount == 1)
            {
                await incoming.NakAsync(TimeSpan.FromMilliseconds(200), ct);
            }
            else
            {
                await incoming.AckAsync(ct);
            }
        }, stop.Token);

        var sent = NewEnvelope("order-2");
        await transport.PublishAsync(sent, CancellationToken.None);

        Assert.Equal((sent.Id, 1), await ReadAsync(received));
        Assert.Equal((sent.Id, 2), await ReadAsync(received));

        await stop.CancelAsync();
        await AssertStopsAsync(consuming);
    }

    [Fact]
    public async Task An_event_published_twice_with_the_same_id_is_stored_once()
    {
        var transport = NewTransport();
        var sent = NewEnvelope("order-3");

        await transport.PublishAsync(sent, CancellationToken.None);
        // What the relay does when it crashed after the broker's acknowledgement but before marking the row published.
        await transport.PublishAsync(sent, CancellationToken.None);
        await transport.PublishAsync(NewEnvelope("order-3"), CancellationToken.None);

        var js = new NatsJSContext(NewConnection());
        var stream = await js.GetStreamAsync(NatsTransport.StreamName(_service));
        Assert.Equal(2, stream.Info.State.Messages);
    }

    [Fact]
    public async Task A_pipelined_batch_is_stored_in_its_order_and_sending_it_again_stores_nothing_new()
    {
        var transport = NewTransport();
        var batch = Enumerable.Range(0, 300).Select(i => NewEnvelope($"order-{i % 7}")).ToList();

        var outcome = await transport.PublishInOrderAsync(batch, CancellationToken.None);
        Assert.Equal(new PublishOutcome(batch.Count, null), outcome);
        // What the relay does with the tail of a batch after a refused acknowledgement: send it again.
        Assert.Equal(new PublishOutcome(batch.Count - 100, null), await transport.PublishInOrderAsync(batch[100..], CancellationToken.None));

        var js = new NatsJSContext(NewConnection());
        var stream = await js.GetStreamAsync(NatsTransport.StreamName(_service));
        Assert.Equal(batch.Count, stream.Info.State.Messages);
        var stored = new List<string>();
        await foreach (var message in (await stream.CreateOrderedConsumerAsync()).FetchAsync<string>(new NatsJSFetchOpts { MaxMsgs = batch.Count, Expires = Bound }))
        {
            stored.Add(EventEnvelope.FromJson(message.Data!).Id);
        }
        Assert.Equal(batch.Select(e => e.Id), stored);
    }

    [Fact]
    public async Task A_consumer_that_was_offline_receives_what_was_published_meanwhile()
    {
        var consumer = new ConsumerDeclaration("offline", new HashSet<string> { EventType });
        var producer = NewTransport();
        var first = NewEnvelope("order-4");
        var received = Channel.CreateUnbounded<string>();
        Func<IncomingEvent, CancellationToken, Task> handle = async (incoming, ct) =>
        {
            await incoming.AckAsync(ct);
            received.Writer.TryWrite(incoming.Envelope.Id);
        };

        using (var stop = new CancellationTokenSource())
        {
            // Its own connection, closed when it stops, as when its process ends: a pull request it left open on a
            // live connection would otherwise still be served, and the missed events held for it until AckWait.
            await using var offline = new NatsConnection(new NatsOpts { Url = server.Url });
            var consuming = new NatsTransport(offline, Options, new MessagingOptions(), NullLogger<NatsTransport>.Instance)
                .ConsumeAsync(consumer, handle, stop.Token);
            await producer.PublishAsync(first, CancellationToken.None);
            Assert.Equal(first.Id, await ReadAsync(received));
            await stop.CancelAsync();
            await AssertStopsAsync(consuming);
        }

        var missed = new[] { NewEnvelope("order-5"), NewEnvelope("order-6") };
        foreach (var envelope in missed)
        {
            await producer.PublishAsync(envelope, CancellationToken.None);
        }

        using var again = new CancellationTokenSource();
        var resumed = NewTransport().ConsumeAsync(consumer, handle, again.Token);
        var ids = new HashSet<string> { await ReadAsync(received), await ReadAsync(received) };
        Assert.Equal(missed.Select(e => e.Id).ToHashSet(), ids);
        await Task.Delay(300);
        Assert.False(received.Reader.TryRead(out var extra), $"only the missed events should arrive, got {extra}");

        await again.CancelAsync();
        await AssertStopsAsync(resumed);
    }

    private NatsTransport NewTransport() =>
        new(NewConnection(), Options, new MessagingOptions(), NullLogger<NatsTransport>.Instance);

    /// <summary>
    /// A short AckWait: a delivery that went to a consumer as it stopped (a pull the broker still served) comes back
    /// within the tests' bound, as it would to a restarted service after its AckWait.
    /// </summary>
    private NatsOptions Options => new() { Url = server.Url, AckWait = TimeSpan.FromSeconds(2) };

    private NatsConnection NewConnection()
    {
        var connection = new NatsConnection(new NatsOpts { Url = server.Url });
        _connections.Add(connection);
        return connection;
    }

    private EventEnvelope NewEnvelope(string subject) =>
        new("1.0", Guid.CreateVersion7().ToString(), EventType, "/bazaar/" + _service, DateTimeOffset.UtcNow, subject,
            "application/json", JsonSerializer.SerializeToElement(new { quantity = 42 }, EventJson.Options), null);

    private static async Task<T> ReadAsync<T>(Channel<T> channel)
    {
        using var timeout = new CancellationTokenSource(Bound);
        return await channel.Reader.ReadAsync(timeout.Token);
    }

    private static async Task AssertStopsAsync(Task consuming)
    {
        try
        {
            await consuming.WaitAsync(Bound);
        }
        catch (OperationCanceledException)
        {
            // Stopping by cancellation is how a consumer ends.
        }
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Still waiting for {what}.");
            await Task.Delay(50);
        }
    }
}
