using Bazaar.BuildingBlocks.Auth;
using Bazaar.BuildingBlocks.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Bazaar.BuildingBlocks.Messaging;

/// <summary>Admin view of the events a handler gave up on, across the services in this process, and their replay.</summary>
public static class DeadLetterApi
{
    public static IEndpointRouteBuilder MapDeadLetterApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/dead-letters").WithTags("Dead letters").RequireAuthorization(Roles.AdminPolicy);
        group.MapGet("/", ListAsync);
        group.MapPost("/{id}/replay", ReplayAsync);
        return app;
    }

    private static async Task<Ok<List<DeadLetterView>>> ListAsync(IEnumerable<EventConsumer> consumers, bool? includeReplayed, CancellationToken cancellationToken)
    {
        var all = new List<DeadLetterView>();
        foreach (var consumer in consumers)
        {
            all.AddRange(await consumer.ListDeadLettersAsync(includeReplayed ?? false, cancellationToken));
        }
        return TypedResults.Ok(all.OrderBy(d => d.FailedAt).ToList());
    }

    private static async Task<Results<Ok<ReplayOutcome>, ProblemHttpResult>> ReplayAsync(string id, IEnumerable<EventConsumer> consumers, CancellationToken cancellationToken)
    {
        var dash = id.LastIndexOf('-');
        var consumer = dash > 0 ? consumers.FirstOrDefault(c => c.Service == id[..dash]) : null;
        if (consumer is null || !long.TryParse(id[(dash + 1)..], out var rowId))
        {
            return Problems.NotFound($"Dead letter '{id}'");
        }

        var outcome = await consumer.ReplayAsync(rowId, cancellationToken);
        return outcome switch
        {
            null => Problems.NotFound($"Dead letter '{id}'"),
            { Succeeded: false } => Problems.Conflict(outcome.Error ?? "The handler failed again.", "Replay failed"),
            _ => TypedResults.Ok(outcome),
        };
    }
}
