namespace Bazaar.Analytics.Lake;

/// <summary>What an ad-hoc query over the lake gave: a <see cref="LakeQueryResult"/> or a <see cref="LakeQueryFailure"/>.</summary>
public abstract record LakeQueryOutcome;

/// <summary>
/// A query's columns and rows, at most as many as were asked for; <see cref="Truncated"/> says the query had more.
/// Values are ready for JSON: numbers, strings, ISO 8601 dates and times, lists and objects.
/// </summary>
public sealed record LakeQueryResult(IReadOnlyList<LakeColumn> Columns, IReadOnlyList<object?[]> Rows, bool Truncated, long ElapsedMilliseconds)
    : LakeQueryOutcome;

/// <summary>A result column: its name and its DuckDB type, in lower case (<c>bigint</c>, <c>varchar</c>, <c>timestamptz</c>…).</summary>
public sealed record LakeColumn(string Name, string Type);

public enum LakeQueryFailureKind
{
    /// <summary>Not exactly one read-only query.</summary>
    Refused,

    /// <summary>DuckDB could not parse, bind or run it, or ran out of memory.</summary>
    Failed,

    /// <summary>Interrupted when the query timeout passed.</summary>
    TimedOut,
}

public sealed record LakeQueryFailure(LakeQueryFailureKind Kind, string Message) : LakeQueryOutcome
{
    public string Title => Kind switch
    {
        LakeQueryFailureKind.Refused => "Query refused",
        LakeQueryFailureKind.TimedOut => "Query timed out",
        _ => "Query failed",
    };
}
