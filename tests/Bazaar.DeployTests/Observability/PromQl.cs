using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bazaar.DeployTests.Observability;

/// <summary>
/// The metric names a PromQL expression reads, and the expressions of Bazaar's dashboards and alert rules. Also
/// compiled into the integration tests, which compare the names with what a real Prometheus scraped from Bazaar.
/// </summary>
internal static partial class PromQl
{
    private static readonly HashSet<string> Keywords =
        ["by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "and", "or", "unless", "inf", "nan"];

    public static string ObservabilityPath(params string[] parts) =>
        Path.Combine([FindRoot(), "deploy", "observability", .. parts]);

    public static ISet<string> MetricNames(string expression)
    {
        var rest = Strings().Replace(expression, " ");
        rest = LabelMatchers().Replace(rest, " ");
        rest = Ranges().Replace(rest, " ");
        rest = Grouping().Replace(rest, " ");
        rest = Variables().Replace(rest, " ");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match token in Identifier().Matches(rest))
        {
            var name = token.Groups["name"].Value;
            if (!token.Groups["call"].Success && !Keywords.Contains(name.ToLowerInvariant()))
            {
                names.Add(name);
            }
        }
        return names;
    }

    /// <summary>Every query of every panel (rows included) and every templating query, with where it is.</summary>
    public static IEnumerable<(string Where, string Expression)> DashboardQueries(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        var root = document.RootElement;
        var found = new List<(string, string)>();
        foreach (var panel in Panels(root))
        {
            var title = panel.TryGetProperty("title", out var t) ? t.GetString() : "?";
            if (panel.TryGetProperty("targets", out var targets))
            {
                found.AddRange(targets.EnumerateArray()
                    .Where(target => target.TryGetProperty("expr", out _))
                    .Select(target => ($"{Path.GetFileName(file)}: {title}", target.GetProperty("expr").GetString()!)));
            }
        }
        if (root.TryGetProperty("templating", out var templating))
        {
            foreach (var variable in templating.GetProperty("list").EnumerateArray())
            {
                if (variable.TryGetProperty("query", out var query) && query.ValueKind == JsonValueKind.String
                    && LabelValues().Match(query.GetString()!) is { Success: true } match)
                {
                    found.Add(($"{Path.GetFileName(file)}: variable", match.Groups["metric"].Value));
                }
            }
        }
        return found;
    }

    /// <summary>The <c>expr</c> of every rule in a rules file: inline, or a block scalar (<c>expr: |</c>).</summary>
    public static IEnumerable<(string Where, string Expression)> RuleExpressions(string file)
    {
        var lines = File.ReadAllLines(file);
        string? alert = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("- alert:", StringComparison.Ordinal) || line.StartsWith("- record:", StringComparison.Ordinal))
            {
                alert = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
            if (!line.StartsWith("expr:", StringComparison.Ordinal))
            {
                continue;
            }
            var inline = line["expr:".Length..].Trim();
            if (inline is not ("|" or ">" or "|-" or ">-"))
            {
                yield return (alert ?? "?", inline);
                continue;
            }
            var indent = lines[i].Length - lines[i].TrimStart().Length;
            var block = new List<string>();
            while (i + 1 < lines.Length && (lines[i + 1].Trim().Length == 0 || lines[i + 1].Length - lines[i + 1].TrimStart().Length > indent))
            {
                block.Add(lines[++i]);
            }
            yield return (alert ?? "?", string.Join('\n', block));
        }
    }

    /// <summary>The names the dashboards and rules read, each with the places that read it.</summary>
    public static Dictionary<string, List<string>> NamesInUse()
    {
        var queries = Directory.GetFiles(ObservabilityPath("grafana", "dashboards"), "*.json").SelectMany(DashboardQueries)
            .Concat(RuleExpressions(ObservabilityPath("prometheus", "alerts.yml")));
        var names = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (where, expression) in queries)
        {
            foreach (var name in MetricNames(expression))
            {
                (names.TryGetValue(name, out var places) ? places : names[name] = []).Add(where);
            }
        }
        return names;
    }

    /// <summary>deploy/observability/series.txt: each series name and where it shows (embedded, distributed, on-event).</summary>
    public static Dictionary<string, string> Catalogue() =>
        File.ReadAllLines(ObservabilityPath("series.txt"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);

    private static IEnumerable<JsonElement> Panels(JsonElement container)
    {
        if (!container.TryGetProperty("panels", out var panels))
        {
            yield break;
        }
        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            foreach (var inner in Panels(panel))
            {
                yield return inner;
            }
        }
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Bazaar.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Bazaar.slnx not found above the test binaries.");
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\$\{?\w+\}?")]
    private static partial Regex Variables();

    [GeneratedRegex(@"(?<![\w.])(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<call>\s*\()?")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"label_values\(\s*(?<metric>[a-zA-Z_:][a-zA-Z0-9_:]*)")]
    private static partial Regex LabelValues();
}
