using System.CommandLine;
using Bazaar.Bench.Arguments;
using Bazaar.Bench.Reporting;
using Bazaar.Bench.Shop;

namespace Bazaar.Bench.Check;

public static class CheckCommand
{
    /// <summary>
    /// Ordering's default deadlines back to back: 2 min for inventory to answer, then 5 min from the reservation for
    /// payment (Bazaar:Ordering:StockReplyTimeout, PaymentReplyTimeout), plus half a minute for its 5-second deadline
    /// sweep. A pending order older than this should have been cancelled.
    /// </summary>
    private const double DefaultPendingBoundMinutes = 7.5;

    public static Command Create()
    {
        var url = OptionRules.Url("--url", "The shop: the embedded server or the distributed gateway.");
        var adminEmail = new Option<string>("--admin-email") { Description = "Admin account." }.Required();
        var adminPassword = new Option<string>("--admin-password") { Description = "Its password." }.Required();
        var ordersFile = new Option<string?>("--orders-file") { Description = "Check these orders (written by `checkout --orders-file`); without it, every order." };
        var pendingBound = new Option<double>("--pending-bound")
        {
            Description = "Minutes after which a pending order is a violation (default: ordering's default deadlines, 2 + 5 min, plus slack).",
        }.Default(DefaultPendingBoundMinutes).Between(0.1, 10_000);

        var command = new Command("check", "Correctness after a run, through the admin API: stock, stuck orders, payments, units sold.")
        {
            url, adminEmail, adminPassword, ordersFile, pendingBound,
        };
        command.SetBenchAction(async (parse, cancellationToken) =>
        {
            var api = ShopApi.Connect(parse.GetValue(url)!);
            var admin = await Session.SignInAsync(api, "admin", parse.GetValue(adminEmail)!, parse.GetValue(adminPassword)!, cancellationToken);
            var check = new ShopCheck(api, admin, TimeSpan.FromMinutes(parse.GetValue(pendingBound)));
            var result = await check.RunAsync(parse.GetValue(ordersFile), cancellationToken);
            Report.Progress($"checked {string.Join(", ", result.Checked.Select(c => $"{c.Value} {c.Key}"))}: {check.ViolationCount} violations");
            Report.Result(result);
            return check.ViolationCount > 0 ? ExitCodes.Violation : ExitCodes.Success;
        });
        return command;
    }
}
