using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bazaar.BuildingBlocks;

/// <summary>
/// Puts each health check's last result into <c>bazaar.health.status</c>, so the readiness a probe sees is also a series
/// Prometheus can alert on, without a prober of its own. The host runs the checks on the publisher's period.
/// </summary>
public sealed class HealthStatusPublisher(BazaarMetrics metrics) : IHealthCheckPublisher
{
    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        foreach (var (name, entry) in report.Entries)
        {
            metrics.SetHealth(name, entry.Status == HealthStatus.Healthy);
        }
        return Task.CompletedTask;
    }
}
