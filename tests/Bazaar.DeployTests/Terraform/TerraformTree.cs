using System.Text.Json;
using Xunit;

namespace Bazaar.DeployTests.Terraform;

/// <summary>
/// Every Terraform file under deploy/terraform as HashiCorp's HCL parser reads it: deploy/terraform/check/convert.mjs
/// (node, @cdktf/hcl2json) turns each file into JSON once per test class, and the files are grouped by folder.
/// </summary>
public sealed class TerraformTree : IAsyncLifetime
{
    private static readonly string Check = Repository.PathOf("deploy", "terraform", "check");

    private JsonDocument? _document;

    public static string Root { get; } = Repository.PathOf("deploy", "terraform");

    /// <summary>Each parsed file's JSON, by its path under deploy/terraform (forward slashes).</summary>
    public IReadOnlyDictionary<string, JsonElement> Files { get; private set; } = new Dictionary<string, JsonElement>();

    /// <summary>The parser's message for each file that did not parse.</summary>
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    /// <summary>The modules and the environments' root modules: every folder holding .tf files.</summary>
    public IReadOnlyList<TerraformFolder> Folders { get; private set; } = [];

    public TerraformFolder Folder(string path) =>
        Folders.SingleOrDefault(folder => folder.Path == path) ?? throw new InvalidOperationException($"No Terraform folder {path}.");

    public async Task InitializeAsync()
    {
        if (!Directory.Exists(Path.Combine(Check, "node_modules")))
        {
            throw new InvalidOperationException($"The HCL parser is not installed: run `npm ci --prefix {Check}` (scripts/test.sh does).");
        }

        var result = (await ExternalTool.RunAsync("node", [Path.Combine(Check, "convert.mjs"), Root], Check))
            .EnsureSuccess("convert.mjs");
        _document = JsonDocument.Parse(result.Output);
        Files = _document.RootElement.GetProperty("files").EnumerateObject().ToDictionary(file => file.Name, file => file.Value);
        Errors = _document.RootElement.GetProperty("errors").EnumerateObject().ToDictionary(file => file.Name, file => file.Value.GetString() ?? "");
        Folders = Files
            .Where(file => file.Key.EndsWith(".tf", StringComparison.Ordinal))
            .GroupBy(file => FolderOf(file.Key))
            .Select(folder => new TerraformFolder(folder.Key, Files.Where(file => FolderOf(file.Key) == folder.Key).ToDictionary()))
            .OrderBy(folder => folder.Path, StringComparer.Ordinal)
            .ToList();
    }

    public Task DisposeAsync()
    {
        _document?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The folder a module's <c>source</c> names, relative to deploy/terraform like <see cref="TerraformFolder.Path"/>.</summary>
    public static string Resolve(TerraformFolder caller, string source) =>
        Path.GetRelativePath(Root, Path.GetFullPath(Path.Combine(Root, caller.Path, source))).Replace('\\', '/');

    private static string FolderOf(string file) => file.Contains('/', StringComparison.Ordinal) ? file[..file.LastIndexOf('/')] : "";
}
