using System.Text.Json;

namespace Bazaar.DeployTests.Kubernetes;

/// <summary>Short paths through rendered manifests; a missing step reads as absent rather than throwing.</summary>
internal static class Json
{
    public static JsonElement? At(this JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var step in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(step, out current))
            {
                return null;
            }
        }
        return current;
    }

    public static string Str(this JsonElement element, params string[] path) =>
        element.At(path) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : "";

    public static string Name(this JsonElement element) => element.Str("metadata", "name");

    public static IEnumerable<JsonElement> Items(this JsonElement element, params string[] path) =>
        element.At(path) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    public static IReadOnlyDictionary<string, string> Labels(this JsonElement element, params string[] path) =>
        element.At(path) is { ValueKind: JsonValueKind.Object } labels
            ? labels.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "")
            : new Dictionary<string, string>();

    /// <summary>Whether a label selector (matchLabels and `In`/`Exists` expressions) selects these labels.</summary>
    public static bool Selects(this JsonElement selector, IReadOnlyDictionary<string, string> labels) =>
        selector.Labels("matchLabels").All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value)
        && selector.Items("matchExpressions").All(e => e.Str("operator") switch
        {
            "In" => labels.TryGetValue(e.Str("key"), out var v) && e.Items("values").Any(x => x.GetString() == v),
            "Exists" => labels.ContainsKey(e.Str("key")),
            _ => throw new NotSupportedException($"selector operator {e.Str("operator")}"),
        });
}
