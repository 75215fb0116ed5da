using System.CommandLine;

namespace Bazaar.Bench.Reporting;

public static class BenchAction
{
    /// <summary>
    /// Runs a subcommand so that every way it can end prints one JSON line: its result, or an error with exit code 2
    /// when it failed before it had one.
    /// </summary>
    public static void SetBenchAction(this Command command, Func<ParseResult, CancellationToken, Task<int>> run) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                return await run(parse, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return Fail("interrupted");
            }
            catch (SetupException ex)
            {
                Report.Progress($"{command.Name} failed: {ex.Message}" + (ex.InnerException is { } inner ? $" ({inner.GetType().Name}: {inner.Message})" : ""));
                return Fail(ex.Message);
            }
            catch (Exception ex)
            {
                Report.Progress($"{command.Name} failed: {ex}");
                return Fail($"{ex.GetType().Name}: {ex.Message}");
            }
        });

    private static int Fail(string error)
    {
        Report.Result(new ErrorResult(error));
        return ExitCodes.Setup;
    }
}
