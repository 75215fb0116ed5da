using System.Text.Json;
using Xunit;

namespace Bazaar.DeployTests.Kubernetes;

public sealed class WorkloadTests
{
    private static IEnumerable<JsonElement> Workloads(RenderedOverlay rendered) =>
        rendered.OfKind("Deployment").Concat(rendered.OfKind("StatefulSet"));

    private static IEnumerable<(JsonElement Workload, JsonElement Container)> Containers(RenderedOverlay rendered) =>
        Workloads(rendered).SelectMany(w => w.Items("spec", "template", "spec", "containers").Select(c => (w, c)));

    [Theory]
    [MemberData(nameof(Shop.EachOverlay), MemberType = typeof(Shop))]
    public async Task Every_container_has_liveness_and_readiness_probes(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);

        Assert.All(Containers(rendered), wc =>
        {
            Assert.NotNull(wc.Container.At("livenessProbe"));
            Assert.NotNull(wc.Container.At("readinessProbe"));
        });
        Assert.All(rendered.OfKind("Deployment"), d =>
        {
            var server = d.Items("spec", "template", "spec", "containers").Single();
            Assert.Equal("/health/live", server.Str("livenessProbe", "httpGet", "path"));
            Assert.Equal("/health/ready", server.Str("readinessProbe", "httpGet", "path"));
            Assert.Equal("/health/live", server.Str("startupProbe", "httpGet", "path"));
        });
    }

    [Theory]
    [MemberData(nameof(Shop.EachOverlay), MemberType = typeof(Shop))]
    public async Task Every_process_gets_the_requests_and_limits_of_its_size(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);

        Assert.All(rendered.OfKind("Deployment"), d =>
        {
            var resources = d.Items("spec", "template", "spec", "containers").Single().At("resources")!.Value;
            var actual = (resources.Str("requests", "memory"), resources.Str("requests", "cpu"), resources.Str("limits", "memory"), resources.Str("limits", "cpu"));
            Assert.Equal(Shop.Resources(d.Name()), actual);
        });
        Assert.All(Containers(rendered), wc =>
        {
            Assert.NotEqual("", wc.Container.Str("resources", "requests", "memory"));
            Assert.NotEqual("", wc.Container.Str("resources", "limits", "cpu"));
        });
    }

    [Theory]
    [MemberData(nameof(Shop.EachOverlay), MemberType = typeof(Shop))]
    public async Task Every_container_runs_as_non_root_on_a_read_only_filesystem_without_capabilities(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);

        Assert.All(Containers(rendered), wc =>
        {
            var pod = wc.Workload.At("spec", "template", "spec", "securityContext");
            var container = wc.Container.At("securityContext")!.Value;
            var nonRoot = container.At("runAsNonRoot") ?? pod?.At("runAsNonRoot");
            Assert.True(nonRoot?.GetBoolean(), $"{wc.Workload.Name()}: runAsNonRoot");
            Assert.True(container.At("readOnlyRootFilesystem")?.GetBoolean(), $"{wc.Workload.Name()}: readOnlyRootFilesystem");
            Assert.False(container.At("allowPrivilegeEscalation")?.GetBoolean() ?? true, $"{wc.Workload.Name()}: allowPrivilegeEscalation");
            Assert.Equal(new[] { "ALL" }, container.Items("capabilities", "drop").Select(c => c.GetString()));
            var seccomp = container.Str("seccompProfile", "type") is { Length: > 0 } own ? own : pod?.Str("seccompProfile", "type");
            Assert.Equal("RuntimeDefault", seccomp);
        });
    }

    [Theory]
    [MemberData(nameof(Shop.EachOverlay), MemberType = typeof(Shop))]
    public async Task Every_workload_has_a_disruption_budget_and_spreads_across_zones(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        var budgets = rendered.OfKind("PodDisruptionBudget").ToList();

        Assert.All(Workloads(rendered), w =>
        {
            var labels = w.Labels("spec", "template", "metadata", "labels");
            Assert.Single(budgets, b => b.At("spec", "selector")!.Value.Selects(labels));
            Assert.Contains(
                w.Items("spec", "template", "spec", "topologySpreadConstraints"),
                t => t.Str("topologyKey") == "topology.kubernetes.io/zone" && t.At("labelSelector")!.Value.Selects(labels));
        });
    }
}
