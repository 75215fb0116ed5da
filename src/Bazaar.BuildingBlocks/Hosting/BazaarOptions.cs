namespace Bazaar.BuildingBlocks.Hosting;

/// <summary>Bound from the <c>Bazaar</c> section (environment: <c>Bazaar__…</c>).</summary>
public sealed class BazaarOptions
{
    /// <summary>Where SQLite files, signing keys and written e-mails live in the embedded shape.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary><c>all</c> or a comma-separated list of service names.</summary>
    public string Services { get; set; } = "all";

    public string DataPath(params string[] parts) => Path.GetFullPath(Path.Combine([DataDirectory, .. parts]));
}
