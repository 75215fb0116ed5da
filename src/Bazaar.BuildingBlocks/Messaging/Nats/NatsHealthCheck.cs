using Microsoft.Extensions.Diagnostics.HealthChecks;
using NATS.Client.Core;

namespace Bazaar.BuildingBlocks.Messaging.Nats;

/// <summary>Not ready while the broker is unreachable: events would pile up in the outboxes and nothing would be handled.</summary>
public sealed class NatsHealthCheck(NatsConnection connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (connection.ConnectionState == NatsConnectionState.Closed)
        {
            // The connection opens on first use; a process that has not published yet should not look broken.
            try
            {
                await connection.ConnectAsync();
            }
            catch (NatsException ex)
            {
                return HealthCheckResult.Unhealthy($"Cannot reach NATS at {connection.Opts.Url}.", ex);
            }
        }
        return connection.ConnectionState == NatsConnectionState.Open
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"NATS connection is {connection.ConnectionState}.");
    }
}
