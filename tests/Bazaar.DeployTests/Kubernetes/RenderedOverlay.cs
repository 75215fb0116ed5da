using System.Collections.Concurrent;
using System.Text.Json;

namespace Bazaar.DeployTests.Kubernetes;

/// <summary>One overlay of deploy/k8s as `kubectl kustomize` renders it, with the schema validator's verdict on each object.</summary>
internal sealed record RenderedOverlay(IReadOnlyList<JsonElement> Objects, IReadOnlyList<ValidationResult> Results)
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<RenderedOverlay>>> Rendered = new();

    /// <summary>Rendered once per test run: kubectl and node are the slow part.</summary>
    public static Task<RenderedOverlay> OfAsync(string overlay) =>
        Rendered.GetOrAdd(overlay, name => new Lazy<Task<RenderedOverlay>>(() => RenderAsync(name))).Value;

    public IEnumerable<JsonElement> OfKind(string kind) => Objects.Where(o => o.Str("kind") == kind);

    public JsonElement Single(string kind, string name) => OfKind(kind).Single(o => o.Name() == name);

    private static async Task<RenderedOverlay> RenderAsync(string overlay)
    {
        var yaml = (await ExternalTool.RunAsync("kubectl", ["kustomize", Repository.PathOf("deploy", "k8s", "overlays", overlay)]))
            .EnsureSuccess($"kubectl kustomize {overlay}").Output;
        var rendered = Path.Combine(Path.GetTempPath(), $"bazaar-k8s-{overlay}-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(rendered, yaml);
        try
        {
            // The validator reads stdin; a shell redirect keeps ExternalTool as it is.
            var validator = Repository.PathOf("deploy", "k8s", "validate");
            var report = (await ExternalTool.RunAsync("sh", ["-c", "node validate.mjs < \"$0\"", rendered], validator))
                .EnsureSuccess("the manifest validator").Output;
            using var document = JsonDocument.Parse(report);
            var objects = document.RootElement.GetProperty("objects").EnumerateArray().Select(o => o.Clone()).ToList();
            var results = document.RootElement.GetProperty("results").EnumerateArray()
                .Select(r => new ValidationResult(
                    r.Str("kind"), r.Str("name"), r.Str("check"), [.. r.GetProperty("errors").EnumerateArray().Select(e => e.GetString() ?? "")]))
                .ToList();
            return new RenderedOverlay(objects, results);
        }
        finally
        {
            File.Delete(rendered);
        }
    }
}

/// <summary>How far the validator could check an object (`schema`, `required-fields`) and what it found wrong.</summary>
internal sealed record ValidationResult(string Kind, string Name, string Check, IReadOnlyList<string> Errors);
