using Bazaar.BuildingBlocks.Messaging;
using Bazaar.BuildingBlocks.Messaging.Nats;
using Bazaar.IntegrationTests.Infrastructure;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Bazaar.DistributedTests.Infrastructure;

/// <summary>What the broker holds, read the way an operator would with the <c>nats</c> CLI.</summary>
public static class JetStreamProbe
{
    /// <summary>Every event of one type stored in its producer's stream.</summary>
    public static async Task<IReadOnlyList<EventEnvelope>> StoredEventsAsync(string natsUrl, Type eventType)
    {
        var type = EventTypeName.For(eventType);
        await using var connection = new NatsConnection(new NatsOpts { Url = natsUrl });
        var js = new NatsJSContext(connection);
        // Read the whole stream and pick by type: servers before 2.10 ignore an ordered consumer's subject filters.
        var reader = await js.CreateOrderedConsumerAsync(NatsTransport.StreamName(EventTypeName.ServiceOf(eventType)));
        const int batch = 500;
        var events = new List<EventEnvelope>();
        int read;
        do
        {
            read = 0;
            await foreach (var message in reader.FetchNoWaitAsync<string>(new NatsJSFetchOpts { MaxMsgs = batch }))
            {
                read++;
                var envelope = EventEnvelope.FromJson(message.Data!);
                if (envelope.Type == type)
                {
                    events.Add(envelope);
                }
            }
        }
        while (read == batch);
        return events;
    }

    /// <summary>The state of a service's durable consumer on another service's stream.</summary>
    public static async Task<ConsumerInfo> ConsumerAsync(string natsUrl, string producer, string consumer)
    {
        await using var connection = new NatsConnection(new NatsOpts { Url = natsUrl });
        var js = new NatsJSContext(connection);
        return (await js.GetConsumerAsync(NatsTransport.StreamName(producer), consumer)).Info;
    }

    /// <summary>The node that leads a service's stream in a cluster, once it has one (an election takes a few seconds).</summary>
    public static Task<string> StreamLeaderAsync(string natsUrl, string service) =>
        Eventually.ValueAsync(async () =>
        {
            await using var connection = new NatsConnection(new NatsOpts { Url = natsUrl });
            var js = new NatsJSContext(connection);
            try
            {
                return (await js.GetStreamAsync(NatsTransport.StreamName(service))).Info.Cluster?.Leader;
            }
            catch (NatsJSApiNoResponseException)
            {
                // No leader to answer while the cluster elects one.
                return null;
            }
        }, leader => leader.Length > 0, $"{service}'s stream to have a leader");
}
