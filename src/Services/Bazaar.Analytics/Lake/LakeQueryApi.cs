using System.Diagnostics;
using System.Globalization;
using Bazaar.BuildingBlocks.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Bazaar.Analytics.Lake;

public static class LakeQueryApi
{
    private const int LongestSql = 10_000;

    /// <summary><c>GET /query?sql=&amp;maxRows=</c>: one read-only SQL query over the lake, on the (admin-only) analytics group.</summary>
    public static RouteGroupBuilder MapLakeQuery(this RouteGroupBuilder analytics)
    {
        analytics.MapGet("/query", QueryAsync);
        return analytics;
    }

    /// <remarks>
    /// <paramref name="maxRows"/> is read as text so that a malformed one is reported like any other invalid field;
    /// more than the configured limit is capped to it, and <see cref="LakeQueryResult.Truncated"/> says so.
    /// </remarks>
    private static async Task<Results<Ok<LakeQueryResult>, ValidationProblem, ProblemHttpResult>> QueryAsync(
        string? sql, string? maxRows, LakeQuery lake, CancellationToken cancellationToken)
    {
        var validation = new Validation().Text(sql, "sql", LongestSql, multiline: true);
        int? rowLimit = null;
        if (maxRows is not null)
        {
            var isCount = int.TryParse(maxRows, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= 1;
            validation.Check(isCount, "maxRows", "Must be a whole number of at least 1.");
            rowLimit = parsed;
        }
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        return await lake.RunAsync(sql!, rowLimit, cancellationToken) switch
        {
            LakeQueryResult result => TypedResults.Ok(result),
            LakeQueryFailure failure => TypedResults.Problem(title: failure.Title, detail: failure.Message, statusCode: StatusCodes.Status400BadRequest),
            var other => throw new UnreachableException($"Unknown query outcome {other}."),
        };
    }
}
