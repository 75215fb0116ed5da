using System.CommandLine;
using Bazaar.Bench.Arguments;
using Bazaar.Bench.Reporting;
using Bazaar.Invariants;

namespace Bazaar.Bench.Check;

public static class CheckCommand
{
    public static Command Create()
    {
        var settings = new Option<string[]>("--setting")
        {
            Description = "KEY=VALUE, as the shop was started with, telling where its databases are "
                + "(Bazaar:DataDirectory for the embedded shape; Bazaar:Database:Provider=postgres and Bazaar:Database:Postgres:* for the distributed one). Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        }.Required();
        var nats = new Option<string?>("--nats") { Description = "NATS URL: also check that every published event is in its stream." };
        var ordersFile = new Option<string?>("--orders-file")
        {
            Description = "Order ids the checkouts were answered with (written by `checkout --orders-file`): each must exist and answer one checkout.",
        };
        var settle = new Option<double>("--settle")
        {
            Description = "Seconds to keep looking while events still travel, before a violation counts.",
        }.Default(60).Between(0, 3600);

        var command = new Command("check", "The invariant checker (src/Bazaar.Invariants) over every service's database after a run.")
        {
            settings, nats, ordersFile, settle,
        };
        command.SetBenchAction(async (parse, cancellationToken) =>
        {
            var databases = ShopDatabases.From(parse.GetValue(settings)!.Select(Setting));
            var accepted = parse.GetValue(ordersFile) is { } path ? await ReadOrdersAsync(path, cancellationToken) : null;
            var checker = new InvariantChecker(databases, parse.GetValue(nats));
            var report = await checker.CheckSettledAsync(TimeSpan.FromSeconds(parse.GetValue(settle)), accepted, cancellationToken: cancellationToken);
            Report.Progress(report.ToString());
            Report.Result(new CheckResult(report.Checked, report.Violations));
            return report.IsClean ? ExitCodes.Success : ExitCodes.Violation;
        });
        return command;
    }

    private static KeyValuePair<string, string?> Setting(string pair)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        return equals > 0
            ? new(pair[..equals], pair[(equals + 1)..])
            : throw new SetupException($"--setting {pair}: expected KEY=VALUE");
    }

    private static async Task<List<string>> ReadOrdersAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return [.. (await File.ReadAllLinesAsync(path, cancellationToken)).Select(l => l.Trim()).Where(l => l.Length > 0)];
        }
        catch (IOException ex)
        {
            throw new SetupException($"cannot read {path}: {ex.Message}", ex);
        }
    }
}

public sealed record CheckResult(IReadOnlyDictionary<string, long> Checked, IReadOnlyList<string> Violations);
