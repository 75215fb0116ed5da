namespace Bazaar.Web;

/// <summary>Links to the styles and scripts bundled in this assembly, versioned by the build so caches never serve an old one.</summary>
public static class WebAssets
{
    public const string RequestPath = "/assets";

    private static readonly string Version = typeof(WebAssets).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];

    public static string Url(string file) => $"{RequestPath}/{file}?v={Version}";
}
