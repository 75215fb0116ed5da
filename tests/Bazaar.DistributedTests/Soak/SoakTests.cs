using System.Globalization;
using Bazaar.DistributedTests.Infrastructure;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Bazaar.DistributedTests.Soak;

/// <summary>
/// The soak run (<c>scripts/soak.sh</c>, not part of the test command): the mixed workload on the scaled-out shop for
/// 15 minutes (<c>BAZAAR_SOAK_MINUTES</c>), a fault every minute in turn, then a clean invariant check and memory that
/// did not grow in the processes no fault restarted.
/// </summary>
[Collection(ScaledOutShopCollection.Name)]
[Trait("Category", "Soak")]
public sealed class SoakTests(ScaledOutShop shop, ITestOutputHelper output)
{
    [Fact]
    public async Task The_mixed_workload_with_a_fault_every_minute_ends_clean_with_flat_memory()
    {
        var minutes = int.Parse(Environment.GetEnvironmentVariable("BAZAAR_SOAK_MINUTES") ?? "15", CultureInfo.InvariantCulture);
        using var admin = await shop.AdminAsync();
        // Products with plenty of stock, and one scarce enough to sell out during the run.
        string[] products = [.. Enumerable.Range(0, 15).Select(i => DemoProducts.Plentiful(i).Id), await admin.CreateStockedProductAsync(30)];
        var faults = Faults();
        var restarted = new HashSet<ServiceProcess>();
        var memoryAtStart = new Dictionary<ServiceProcess, long>();

        await using var workload = await MixedWorkload.StartAsync(shop, shoppers: 12, products);
        for (var minute = 1; minute <= minutes; minute++)
        {
            await Task.Delay(TimeSpan.FromSeconds(30));
            if (minute == 2)
            {
                // Warmed up: what each process holds now is the baseline its end is compared with.
                foreach (var process in shop.Processes.Append(shop.Gateway))
                {
                    memoryAtStart[process] = ResidentBytes(process);
                }
            }
            var (name, inject) = faults[(minute - 1) % faults.Count];
            output.WriteLine($"minute {minute}: {name}");
            restarted.UnionWith(await inject());
            await Task.Delay(TimeSpan.FromSeconds(20));
        }
        var accepted = await workload.StopAsync();
        output.WriteLine(string.Join(", ", workload.Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}: {o.Value}")));

        var report = await shop.Invariants().CheckSettledAsync(TimeSpan.FromMinutes(3), accepted, untilNonePending: true);
        output.WriteLine(report.ToString());
        Assert.True(report.IsClean, report.ToString());
        Assert.True(accepted.Count > 100, $"only {accepted.Count} checkouts were accepted");

        var grown = new List<string>();
        foreach (var (process, start) in memoryAtStart.Where(m => !restarted.Contains(m.Key)))
        {
            var end = ResidentBytes(process);
            output.WriteLine($"{process.Name}: {start / 1_048_576} MB after warm-up, {end / 1_048_576} MB at the end");
            // Flat: within half again of the warm process plus the collector's slack, not a steady climb.
            if (end > start * 1.5 + 64 * 1_048_576)
            {
                grown.Add($"{process.Name} grew from {start / 1_048_576} MB to {end / 1_048_576} MB");
            }
        }
        Assert.True(grown.Count == 0, string.Join("; ", grown));
    }

    /// <summary>The faults, one a minute in turn; each returns the processes it restarted (their memory starts over).</summary>
    private List<(string Name, Func<Task<IEnumerable<ServiceProcess>>> Inject)> Faults()
    {
        var killed = 0;
        return
        [
            ("a replica of a scaled service killed with SIGKILL and restarted", async () =>
            {
                var replicas = DistributedShop.Scalable.SelectMany(shop.Replicas).ToList();
                var victim = replicas[killed++ % replicas.Count];
                await victim.KillAsync();
                victim.Start();
                await victim.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
                return [victim];
            }),
            Away("NATS stopped for 10 s", shop.Nats.StopAsync, shop.Nats.StartAsync, TimeSpan.FromSeconds(10)),
            Away("PostgreSQL restarted", shop.Postgres.StopAsync, shop.Postgres.StartAgainAsync, TimeSpan.FromSeconds(5)),
            Away("Redis stopped for 10 s", shop.Redis.StopAsync, shop.Redis.StartAsync, TimeSpan.FromSeconds(10)),
            ("both payment replicas paused with SIGSTOP for 15 s", async () =>
            {
                var payments = shop.Replicas("payment");
                foreach (var payment in payments)
                {
                    await payment.PauseAsync();
                }
                await Task.Delay(TimeSpan.FromSeconds(15));
                foreach (var payment in payments)
                {
                    await payment.ResumeAsync();
                }
                return [];
            }),
        ];
    }

    /// <summary>A server stopped for a while, then started again; no Bazaar process restarts.</summary>
    private static (string, Func<Task<IEnumerable<ServiceProcess>>>) Away(string name, Func<Task> stop, Func<Task> start, TimeSpan away)
    {
        async Task<IEnumerable<ServiceProcess>> InjectAsync()
        {
            await stop();
            await Task.Delay(away);
            await start();
            return [];
        }
        return (name, InjectAsync);
    }

    private static long ResidentBytes(ServiceProcess process)
    {
        var status = File.ReadAllLines($"/proc/{process.ProcessId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
