using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bazaar.Gateway.Health;

/// <summary>One downstream service's own <c>/health/ready</c>, as part of the gateway's readiness report.</summary>
public sealed class DownstreamHealthCheck(IHttpClientFactory clients, Uri endpoint) : IHealthCheck
{
    public const string ClientName = "gateway-health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var ready = new Uri(endpoint, "/health/ready");
        try
        {
            using var http = clients.CreateClient(ClientName);
            using var response = await http.GetAsync(ready, cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy(ready.ToString())
                : new HealthCheckResult(context.Registration.FailureStatus, $"{ready} answered {(int)response.StatusCode}");
        }
        catch (HttpRequestException e)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"{ready} unreachable: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"{ready} did not answer in time");
        }
    }
}
