using System.CommandLine;
using Bazaar.Bench.Arguments;
using Bazaar.Bench.Reporting;

namespace Bazaar.Bench.Checkout;

public static class CheckoutCommand
{
    public static Command Create()
    {
        var url = OptionRules.Url("--url", "The shop: the embedded server or the distributed gateway.");
        var adminEmail = new Option<string>("--admin-email") { Description = "Admin account, to create the product sold." }.Required();
        var adminPassword = new Option<string>("--admin-password") { Description = "Its password." }.Required();
        var clients = new Option<int>("--clients") { Description = "Customers; in a closed loop, also the checkouts in flight." }.Required().Between(1, 10_000);
        var duration = new Option<double>("--duration") { Description = "Seconds during which checkouts start." }.Required().Between(0.1, 86_400);
        var rate = new Option<double?>("--rate") { Description = "Checkouts started per second (open loop); without it, a closed loop." };
        rate.Validators.Add(r =>
        {
            if (r.Tokens.Count == 1 && double.TryParse(r.Tokens[0].Value, System.Globalization.CultureInfo.InvariantCulture, out var perSecond) && perSecond is <= 0 or > 100_000)
            {
                r.AddError("--rate must be more than 0 and at most 100000.");
            }
        });
        var ordersFile = new Option<string?>("--orders-file") { Description = "Append every order id created to this file, one per line, for `check`." };
        var retryShare = new Option<double>("--retry-share") { Description = "Share of checkouts POSTed twice with one Idempotency-Key." }.Default(0.05).Between(0, 1);
        var pollMs = new Option<int>("--poll-ms") { Description = "Milliseconds before the first read of an order awaiting processing; each next wait is half as long again." }.Default(10).Between(1, 10_000);
        var pollMaxMs = new Option<int>("--poll-max-ms") { Description = "The longest wait between reads of an order awaiting processing." }.Default(50).Between(1, 60_000);
        var orderTimeout = new Option<double>("--order-timeout") { Description = "Seconds after which an order not yet processing is a failure." }.Default(30).Between(1, 3_600);

        var command = new Command("checkout", "Checkouts completed end to end: POST /api/orders until the order is processing.")
        {
            url, adminEmail, adminPassword, clients, duration, rate, ordersFile, retryShare, pollMs, pollMaxMs, orderTimeout,
        };
        command.SetBenchAction((parse, cancellationToken) => RunAsync(new CheckoutSettings(
            parse.GetValue(url)!,
            parse.GetValue(adminEmail)!,
            parse.GetValue(adminPassword)!,
            parse.GetValue(clients),
            TimeSpan.FromSeconds(parse.GetValue(duration)),
            parse.GetValue(rate),
            parse.GetValue(ordersFile),
            parse.GetValue(retryShare),
            TimeSpan.FromMilliseconds(parse.GetValue(pollMs)),
            TimeSpan.FromMilliseconds(Math.Max(parse.GetValue(pollMs), parse.GetValue(pollMaxMs))),
            TimeSpan.FromSeconds(parse.GetValue(orderTimeout))), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CheckoutSettings settings, CancellationToken cancellationToken)
    {
        var shop = await CheckoutSetup.PrepareAsync(settings, cancellationToken);
        var mode = settings.Rate is { } r ? $"open loop at {r}/s" : $"closed loop of {settings.Clients} clients";
        Report.Progress($"checking out for {settings.Duration.TotalSeconds} s, {mode}, polling after {settings.PollInterval.TotalMilliseconds} ms, then backing off to {settings.PollMaxInterval.TotalMilliseconds} ms");

        var load = new CheckoutLoad(settings, shop);
        var elapsed = await load.RunAsync(cancellationToken);
        var tally = load.Tally;

        foreach (var (reason, count) in tally.FailureReasons)
        {
            Report.Progress($"failed {count}×: {reason}");
        }
        if (tally.Throttled > 0)
        {
            Report.Progress($"the shop answered 429 Too Many Requests {tally.Throttled} times: behind the gateway, raise " +
                "Bazaar__Gateway__RateLimits__Authenticated__PermitLimit for a benchmark, or the limits are what is measured");
        }
        if (settings.OrdersFile is { } path)
        {
            var ids = tally.OrderIds.ToList();
            // Appended: a harness runs several checkout runs and checks all their orders at the end.
            await File.AppendAllLinesAsync(path, ids, cancellationToken);
            Report.Progress($"appended {ids.Count} order ids to {path}");
        }

        var latency = Percentiles.Of(tally.LatenciesMs);
        var result = new CheckoutResult(
            tally.CompletedCount, tally.FailedCount, tally.Duplicates,
            Math.Round(elapsed.TotalSeconds, 3), Math.Round(tally.CompletedCount / elapsed.TotalSeconds, 2),
            latency.P50, latency.P95, latency.P99, latency.Max,
            settings.Rate is null ? "closed" : "open", settings.Clients, settings.Rate, tally.Retried, tally.Throttled,
            (int)settings.PollInterval.TotalMilliseconds, (int)settings.PollMaxInterval.TotalMilliseconds);
        Report.Progress($"{result.Completed} processing in {result.Seconds} s ({result.PerSecond}/s), {result.Failed} failed, {result.Duplicates} duplicate orders; " +
            $"p50 {result.P50Ms} ms, p95 {result.P95Ms} ms, p99 {result.P99Ms} ms, max {result.MaxMs} ms");
        Report.Result(result);
        // A second order for one Idempotency-Key breaks a promise of the API; everything else is a measurement.
        return tally.Duplicates > 0 ? ExitCodes.Violation : ExitCodes.Success;
    }
}
