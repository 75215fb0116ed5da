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
    Action<IEndpointRouteBuilder> MapEndpoints);
