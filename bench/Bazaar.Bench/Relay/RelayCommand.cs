using System.CommandLine;
using Bazaar.Bench.Arguments;
using Bazaar.Bench.Reporting;
using NATS.Client.Core;

namespace Bazaar.Bench.Relay;

public static class RelayCommand
{
    private const int MaxWarmUp = 500;

    public static Command Create()
    {
        var postgres = new Option<string>("--postgres") { Description = "PostgreSQL connection string; a scratch database is created on that server and dropped." }.Required();
        var nats = new Option<string>("--nats") { Description = "NATS server with JetStream, e.g. nats://127.0.0.1:4222." }.Required();
        var events = new Option<int>("--events") { Description = "Events each side publishes." }.Required().Between(1, 10_000_000);
        var size = new Option<int>("--size") { Description = "Bytes of each event envelope (the message payload)." }.Required().Between(ProbeEvents.MinimumSize, 1_000_000);
        // 1024 was the fastest of 64, 256, 1024 and 4096 on a 2-core machine against a local nats-server.
        var window = new Option<int>("--window") { Description = "Raw side: publishes awaiting their ack at once." }.Default(1024).Between(1, 100_000);
        var timeout = new Option<double>("--timeout") { Description = "Seconds the relay may take before the run is abandoned." }.Default(600).Between(1, 86_400);

        var command = new Command("relay", "Outbox relay events/s against raw NATS.Net JetStream publishes/s of the same messages.")
        {
            postgres, nats, events, size, window, timeout,
        };
        command.SetBenchAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(postgres)!, parse.GetValue(nats)!, parse.GetValue(events), parse.GetValue(size), parse.GetValue(window),
            TimeSpan.FromSeconds(parse.GetValue(timeout)), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string postgres, string natsUrl, int count, int bytes, int window, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var warmUpCount = Math.Min(MaxWarmUp, count);
        Report.Progress($"preparing {warmUpCount} warm-up and {count} measured envelopes of {bytes} bytes");
        // Each side gets envelopes of its own: JetStream would drop a repeated Nats-Msg-Id as a duplicate.
        var rawEvents = ProbeEvents.Create(count, bytes);
        var relayEvents = ProbeEvents.Create(count, bytes);

        await using var connection = new NatsConnection(new NatsOpts { Url = natsUrl, Name = "bazaar-bench" });
        try
        {
            await connection.ConnectAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new SetupException($"cannot reach NATS at {natsUrl}", ex);
        }

        var raw = await RawPublish.RunAsync(connection, ProbeEvents.Create(warmUpCount, bytes), rawEvents, window, cancellationToken);
        var rawPerSecond = count / raw.TotalSeconds;
        Report.Progress($"raw: {count} in {raw.TotalSeconds:0.000} s = {rawPerSecond:0} msg/s");

        var relay = await new RelayHost(postgres, natsUrl).RunAsync(ProbeEvents.Create(warmUpCount, bytes), relayEvents, timeout, cancellationToken);
        var relayPerSecond = count / relay.TotalSeconds;
        Report.Progress($"relay: {count} in {relay.TotalSeconds:0.000} s = {relayPerSecond:0} events/s");

        Report.Result(new RelayResult(
            count, bytes, Math.Round(relayPerSecond, 1), Math.Round(rawPerSecond, 1), Math.Round(relayPerSecond / rawPerSecond, 4),
            Math.Round(relay.TotalSeconds, 3), Math.Round(raw.TotalSeconds, 3), window, warmUpCount));
        return ExitCodes.Success;
    }
}
