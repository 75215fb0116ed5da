using Bazaar.BuildingBlocks.Messaging.Nats;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Bazaar.Invariants;

/// <summary>The ids of the events each service's JetStream stream holds, read the way an operator would with the <c>nats</c> CLI.</summary>
public static class BrokerEvents
{
    private const int Batch = 500;

    public static async Task<IReadOnlyDictionary<string, IReadOnlySet<string>>> ReadAsync(
        string natsUrl, IEnumerable<string> services, CancellationToken cancellationToken)
    {
        await using var connection = new NatsConnection(new NatsOpts { Url = natsUrl, Name = "bazaar-invariants" });
        var js = new NatsJSContext(connection);
        var events = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            events[service] = await ReadStreamAsync(js, NatsTransport.StreamName(service), cancellationToken);
        }
        return events;
    }

    private static async Task<IReadOnlySet<string>> ReadStreamAsync(NatsJSContext js, string stream, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        INatsJSConsumer reader;
        try
        {
            reader = await js.CreateOrderedConsumerAsync(stream, cancellationToken: cancellationToken);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            // A service that never published has no stream yet.
            return ids;
        }

        int read;
        do
        {
            read = 0;
            await foreach (var message in reader.FetchNoWaitAsync<NatsMemoryOwner<byte>>(new NatsJSFetchOpts { MaxMsgs = Batch }, cancellationToken: cancellationToken))
            {
                read++;
                using var payload = message.Data;
                // The relay sets Nats-Msg-Id to the event id, which is what JetStream deduplicates on.
                if (message.Headers?.TryGetValue("Nats-Msg-Id", out var id) == true)
                {
                    ids.Add(id.ToString());
                }
            }
        }
        while (read == Batch);
        return ids;
    }
}
