using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bazaar.DeployTests.Terraform;

/// <summary>One Terraform module (a folder): its files as the HCL parser read them.</summary>
public sealed record TerraformFolder(string Path, IReadOnlyDictionary<string, JsonElement> Files)
{
    private IEnumerable<JsonElement> ConfigurationFiles =>
        Files.Where(file => file.Key.EndsWith(".tf", StringComparison.Ordinal)).Select(file => file.Value);

    /// <summary>
    /// The top-level blocks of one kind (<c>variable</c>, <c>output</c>, <c>module</c>, <c>locals</c>...) by label;
    /// a label declared twice is an error, as it is for Terraform.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement> Blocks(string kind)
    {
        var blocks = new Dictionary<string, JsonElement>();
        foreach (var file in ConfigurationFiles)
        {
            if (file.TryGetProperty(kind, out var ofKind))
            {
                foreach (var block in ofKind.EnumerateObject())
                {
                    blocks.Add(block.Name, block.Value[0]);
                }
            }
        }
        return blocks;
    }

    /// <summary>One resource block's body, e.g. <c>Resource("aws_db_instance", "this")</c>.</summary>
    public JsonElement Resource(string type, string name) =>
        ConfigurationFiles
            .Where(file => file.TryGetProperty("resource", out var resources) && resources.TryGetProperty(type, out var ofType) && ofType.TryGetProperty(name, out _))
            .Select(file => file.GetProperty("resource").GetProperty(type).GetProperty(name)[0])
            .Single();

    /// <summary>The value of one local, from whichever <c>locals</c> block defines it.</summary>
    public JsonElement Local(string name) =>
        ConfigurationFiles
            .SelectMany(file => file.TryGetProperty("locals", out var locals) ? locals.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Single(block => block.TryGetProperty(name, out _))
            .GetProperty(name);

    /// <summary>Every expression and string of the folder's .tf files (comments are gone: the parser drops them).</summary>
    public string Expressions => string.Join('\n', ConfigurationFiles.SelectMany(Strings));

    public bool References(string address) =>
        Regex.IsMatch(Expressions, $@"(?<![\w.]){Regex.Escape(address)}(?![\w-])", RegexOptions.None, TimeSpan.FromSeconds(5));

    private static IEnumerable<string> Strings(JsonElement element) =>
        element.ValueKind switch
        {
            JsonValueKind.String => [element.GetString()!],
            JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
            JsonValueKind.Object => element.EnumerateObject().SelectMany(property => Strings(property.Value)),
            _ => [],
        };
}
