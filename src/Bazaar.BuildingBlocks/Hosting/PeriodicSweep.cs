using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bazaar.BuildingBlocks.Hosting;

/// <summary>
/// Work that runs at start-up and then on a fixed interval (deadline and expiry sweeps). A failed run is
/// logged and the next tick tries again, so one bad moment never stops the sweep.
/// </summary>
public abstract partial class PeriodicSweep(TimeSpan interval, TimeProvider time, ILogger logger) : BackgroundService
{
    protected TimeProvider Time { get; } = time;

    protected abstract Task SweepAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, Time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(logger, ex, GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Sweep} failed; it runs again at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception ex, string sweep);
}
