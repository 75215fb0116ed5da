using System.CommandLine;
using System.Diagnostics;
using System.Text;
using Bazaar.Analytics.Processing;
using Bazaar.Analytics.Windows;
using Bazaar.Bench.Arguments;
using Bazaar.Bench.Reporting;
using Bazaar.Contracts.Analytics;

namespace Bazaar.Bench.Analytics;

/// <summary>
/// The analytics windowing core's throughput on one core: from events already deserialized, and from the JSON
/// envelopes as they arrive from the bus, read as the service reads them (<see cref="StreamEventReader"/>).
/// </summary>
public static class AnalyticsCommand
{
    public static Command Create()
    {
        var events = new Option<int>("--events") { Description = "Events in the stream (a day of traffic, three-line orders)." }.Default(1_000_000).Between(1_000, 50_000_000);
        var runs = new Option<int>("--runs") { Description = "Measured passes over the stream; the best is reported, after one warm-up pass." }.Default(3).Between(1, 100);
        var seed = new Option<int>("--seed") { Description = "Seed of the generated stream." }.Default(20261126);
        var command = new Command("analytics", "Analytics windowing core: events/s from deserialized events and from JSON envelopes, one core.")
        {
            events, runs, seed,
        };
        command.SetBenchAction((parse, _) => Task.FromResult(Run(parse.GetValue(events), parse.GetValue(runs), parse.GetValue(seed))));
        return command;
    }

    private static int Run(int count, int runs, int seed)
    {
        Report.Progress($"generating {count} envelopes");
        var json = AnalyticsStream.Create(count, seed).Select(e => Encoding.UTF8.GetBytes(e.ToJson())).ToArray();
        var deserialized = new OrderStreamEvent[count];
        for (var i = 0; i < count; i++)
        {
            deserialized[i] = StreamEventReader.Read(json[i], i + 1);
        }

        var options = new AnalyticsOptions();
        var resultsPerPass = 0;
        double bestDeserialized = 0, bestJson = 0;
        for (var pass = 0; pass <= runs; pass++)
        {
            var published = new List<WindowResult>(1024);
            var results = 0;
            var engine = new WindowEngine(options);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < deserialized.Length; i++)
            {
                engine.Ingest(deserialized[i], published);
                if (published.Count > 512)
                {
                    results += published.Count;
                    published.Clear();
                }
            }
            var aggregate = count / clock.Elapsed.TotalSeconds;
            resultsPerPass = results + published.Count;

            engine = new WindowEngine(options);
            published.Clear();
            clock.Restart();
            for (var i = 0; i < json.Length; i++)
            {
                engine.Ingest(StreamEventReader.Read(json[i], i + 1), published);
                if (published.Count > 512)
                {
                    published.Clear();
                }
            }
            var withJson = count / clock.Elapsed.TotalSeconds;
            // The first pass compiles and warms the caches; it is not reported.
            if (pass > 0)
            {
                Report.Progress($"pass {pass}: {aggregate:0} events/s deserialized, {withJson:0} events/s from JSON");
                bestDeserialized = Math.Max(bestDeserialized, aggregate);
                bestJson = Math.Max(bestJson, withJson);
            }
        }

        Report.Result(new AnalyticsResult(count, runs, Math.Round(bestDeserialized), Math.Round(bestJson), resultsPerPass));
        return ExitCodes.Success;
    }
}

public sealed record AnalyticsResult(int Events, int Runs, double DeserializedPerSecond, double FromJsonPerSecond, int ResultsPublishedPerPass);
