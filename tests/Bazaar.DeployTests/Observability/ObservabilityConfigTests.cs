using System.Text.Json;
using Xunit;

namespace Bazaar.DeployTests.Observability;

public sealed class ObservabilityConfigTests
{
    private static readonly string Prometheus = PromQl.ObservabilityPath("prometheus");

    [Fact]
    public async Task Alert_rules_pass_promtool_check_and_their_unit_tests()
    {
        (await ExternalTool.RunAsync("promtool", ["check", "rules", "alerts.yml"], Prometheus)).EnsureSuccess("promtool check rules");

        var tests = (await ExternalTool.RunAsync("promtool", ["test", "rules", "alerts.test.yml"], Prometheus)).EnsureSuccess("promtool test rules");

        Assert.Contains("SUCCESS", tests.Output + tests.Errors, StringComparison.Ordinal);
    }

    /// <summary>
    /// Debian's Prometheus is built without Kubernetes discovery, and its promtool refuses the field outright. Then the
    /// same file is checked with the pod discovery swapped for file discovery: promtool still checks every relabel rule,
    /// the rule files and the rest, and the test checks the discovery block it could not.
    /// </summary>
    [Fact]
    public async Task Scrape_config_passes_promtool_check_and_discovers_the_bazaar_pods()
    {
        var file = Path.Combine(Prometheus, "prometheus.yml");
        var text = await File.ReadAllTextAsync(file);
        Assert.Contains("kubernetes_sd_configs:\n      - role: pod", text, StringComparison.Ordinal);
        Assert.Contains("__meta_kubernetes_pod_label_app_kubernetes_io_name]\n        target_label: app", text, StringComparison.Ordinal);

        var check = await ExternalTool.RunAsync("promtool", ["check", "config", file], Prometheus);
        if (check.ExitCode != 0 && (check.Output + check.Errors).Contains("field kubernetes_sd_configs not found", StringComparison.Ordinal))
        {
            var copy = Directory.CreateTempSubdirectory("bazaar-promtool").FullName;
            try
            {
                File.Copy(Path.Combine(Prometheus, "alerts.yml"), Path.Combine(copy, "alerts.yml"));
                var swapped = text.Replace("kubernetes_sd_configs:\n      - role: pod\n        namespaces:\n          names: [bazaar]\n",
                    "file_sd_configs:\n      - files: [pods.json]\n", StringComparison.Ordinal);
                Assert.NotEqual(text, swapped);
                await File.WriteAllTextAsync(Path.Combine(copy, "prometheus.yml"), swapped);
                check = await ExternalTool.RunAsync("promtool", ["check", "config", "prometheus.yml"], copy);
            }
            finally
            {
                Directory.Delete(copy, recursive: true);
            }
        }

        check.EnsureSuccess("promtool check config");
    }

    [Fact]
    public void Every_dashboard_parses_and_every_panel_queries_only_series_Bazaar_exports()
    {
        var catalogue = PromQl.Catalogue();
        var dashboards = Directory.GetFiles(PromQl.ObservabilityPath("grafana", "dashboards"), "*.json");
        Assert.NotEmpty(dashboards);
        foreach (var file in dashboards)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            Assert.False(string.IsNullOrEmpty(document.RootElement.GetProperty("uid").GetString()), $"{file} has a uid");
            Assert.All(document.RootElement.GetProperty("panels").EnumerateArray(),
                panel => Assert.True(panel.GetProperty("targets").GetArrayLength() > 0, $"{file}: {panel.GetProperty("title")} has a query"));
        }

        var inUse = PromQl.NamesInUse();

        var unknown = inUse.Where(kv => !catalogue.ContainsKey(kv.Key)).Select(kv => $"{kv.Key} ({string.Join(", ", kv.Value)})").ToList();
        Assert.True(unknown.Count == 0, "Not in deploy/observability/series.txt: " + string.Join("; ", unknown));
        Assert.Empty(catalogue.Keys.Except(inUse.Keys));
        Assert.Contains("bazaar_orders_placed_total", inUse.Keys);
        Assert.Contains("bazaar_consumer_lag", inUse.Keys);
    }

    [Fact]
    public void Metric_names_are_read_from_PromQL_without_functions_labels_or_keywords()
    {
        var names = PromQl.MetricNames(
            "sum by (app, le) (rate(http_server_request_duration_seconds_bucket{app=~\"$app\", route=\"a_b\"}[$__rate_interval]))"
            + " / on (app) group_left sum without (pod) (x_total offset 5m) or vector(0) unless y > bool 1e3");

        Assert.Equal(["http_server_request_duration_seconds_bucket", "x_total", "y"], names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Rule_expressions_are_read_inline_and_from_block_scalars()
    {
        var rules = PromQl.RuleExpressions(Path.Combine(Prometheus, "alerts.yml")).ToDictionary(r => r.Where, r => r.Expression);

        Assert.Contains("bazaar_events_dead_lettered_total unless", rules["BazaarDeadLetters"], StringComparison.Ordinal);
        Assert.Equal("min by (app, instance) (bazaar_health_status) == 0", rules["BazaarNotReady"]);
    }
}
