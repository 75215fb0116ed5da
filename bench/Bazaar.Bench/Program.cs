using System.CommandLine;
using Bazaar.Bench.Analytics;
using Bazaar.Bench.Check;
using Bazaar.Bench.Checkout;
using Bazaar.Bench.Relay;
using Bazaar.Bench.Reporting;

var root = new RootCommand("Measurements and correctness checks for Bazaar's benchmark harness (bench/run.sh).")
{
    CheckoutCommand.Create(),
    RelayCommand.Create(),
    CheckCommand.Create(),
    AnalyticsCommand.Create(),
    StreamCommand.Create(),
};

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Report.Progress(error.Message);
    }
    Report.Progress("See --help.");
    Report.Result(new ErrorResult(string.Join(" ", parse.Errors.Select(e => e.Message))));
    return ExitCodes.Setup;
}
return await parse.InvokeAsync();
