using Microsoft.Extensions.Hosting;

namespace Bazaar.BuildingBlocks.Hosting;

public static class HostLifetimeExtensions
{
    /// <summary>Completes once the host has started (at once if it already has): for work that must not hold back start-up.</summary>
    public static async Task WhenStartedAsync(this IHostApplicationLifetime lifetime, CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(cancellationToken);
        }
    }
}
