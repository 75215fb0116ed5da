using System.Runtime;
using Microsoft.Extensions.Hosting;

namespace Bazaar.BuildingBlocks.Hosting;

/// <summary>
/// Gives start-up's memory back to the operating system once start-up is over. Migrations, EF Core's model building
/// and the first seed allocate hundreds of megabytes that die at once, and the GC keeps the heap it grew for them
/// committed; one compacting, decommitting collection a little after the start leaves a shop that has not been used
/// yet at about the size of what it holds.
/// </summary>
public sealed class StartupMemoryRelease(IHostApplicationLifetime lifetime, TimeProvider time) : BackgroundService
{
    /// <summary>Long enough for the seed's events to have been handled after the host started.</summary>
    private static readonly TimeSpan AfterStart = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await lifetime.WhenStartedAsync(stoppingToken);
        await Task.Delay(AfterStart, time, stoppingToken);
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
