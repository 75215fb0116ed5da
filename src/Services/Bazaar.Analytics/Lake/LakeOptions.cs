namespace Bazaar.Analytics.Lake;

/// <summary>Bound from <c>Bazaar:Analytics:Lake</c>.</summary>
public sealed class LakeOptions
{
    /// <summary>Where the Parquet files live; <c>analytics-lake</c> under the data directory when not set.</summary>
    public string? Directory { get; set; }

    /// <summary>The most rows an ad-hoc query returns; a request may ask for fewer, never more.</summary>
    public int QueryRowLimit { get; set; } = 1000;

    /// <summary>How long an ad-hoc query may run before it is interrupted.</summary>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>DuckDB's memory limit for one ad-hoc query (e.g. <c>256MB</c>); a query that needs more fails rather than spilling to disk.</summary>
    public string QueryMemoryLimit { get; set; } = "256MB";

    /// <summary>The full path of <see cref="Directory"/>, which must be set by then.</summary>
    internal string Root => Path.GetFullPath(Directory ?? throw new InvalidOperationException("The lake directory is not set."));

    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory))
        {
            throw new ArgumentException("The lake needs a directory.", nameof(Directory));
        }
        if (QueryRowLimit <= 0)
        {
            throw new ArgumentException("The query row limit must be positive.", nameof(QueryRowLimit));
        }
        if (QueryTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("The query timeout must be positive.", nameof(QueryTimeout));
        }
        if (string.IsNullOrWhiteSpace(QueryMemoryLimit))
        {
            throw new ArgumentException("The query memory limit must be set, e.g. 256MB.", nameof(QueryMemoryLimit));
        }
    }
}
