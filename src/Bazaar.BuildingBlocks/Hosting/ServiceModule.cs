using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Bazaar.BuildingBlocks.Hosting;

/// <summary>
/// A service as the server hosts it: how to register it, how to prepare its data before traffic
/// (migrations, seed) and how to map its endpoints.
/// </summary>
public sealed record ServiceModule(
    string Name,
    Action<WebApplicationBuilder> Register,
    Func<IServiceProvider, CancellationToken, Task> Initialize,
    Action<IEndpointRouteBuilder> MapEndpoints)
{
    /// <summary>Middleware the service puts in front of every endpoint of the process (the gateway's edge checks); most services have none.</summary>
    public Action<IApplicationBuilder>? UseMiddleware { get; init; }
}
