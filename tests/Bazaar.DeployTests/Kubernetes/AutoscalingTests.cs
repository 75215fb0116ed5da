using System.Text.Json;
using Xunit;

namespace Bazaar.DeployTests.Kubernetes;

public sealed class AutoscalingTests
{
    [Theory]
    [InlineData("dev", "gateway", 2, 10, 300)]
    [InlineData("dev", "ordering", 2, 8, 60)]
    [InlineData("prod", "gateway", 2, 10, 300)]
    [InlineData("prod", "ordering", 2, 8, 60)]
    public async Task The_autoscaler_scales_on_cpu_and_memory_fast_up_and_slowly_down(
        string overlay, string process, int min, int max, int scaleDownPeriod)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        var hpa = rendered.Single("HorizontalPodAutoscaler", process);

        Assert.Equal("autoscaling/v2", hpa.Str("apiVersion"));
        Assert.Equal(("Deployment", process), (hpa.Str("spec", "scaleTargetRef", "kind"), hpa.Str("spec", "scaleTargetRef", "name")));
        Assert.Equal(min, hpa.At("spec", "minReplicas")!.Value.GetInt32());
        Assert.Equal(max, hpa.At("spec", "maxReplicas")!.Value.GetInt32());
        var targets = hpa.Items("spec", "metrics")
            .ToDictionary(m => m.Str("resource", "name"), m => (m.Str("resource", "target", "type"), m.At("resource", "target", "averageUtilization")!.Value.GetInt32()));
        Assert.Equal(2, targets.Count);
        Assert.Equal(("Utilization", 70), targets["cpu"]);
        Assert.Equal(("Utilization", 80), targets["memory"]);

        var up = hpa.At("spec", "behavior", "scaleUp")!.Value;
        Assert.Equal("Max", up.Str("selectPolicy"));
        Assert.Equal(new[] { ("Percent", 100, 15), ("Pods", 2, 15) }, Policies(up).Order());
        var down = hpa.At("spec", "behavior", "scaleDown")!.Value;
        Assert.Equal(new[] { ("Percent", 50, scaleDownPeriod) }, Policies(down));
        // An autoscaled Deployment leaves its replica count to the autoscaler, so an apply does not reset it.
        Assert.Null(rendered.Single("Deployment", process).At("spec", "replicas"));
    }

    private static List<(string, int, int)> Policies(JsonElement rules) =>
        [.. rules.Items("policies").Select(p => (p.Str("type"), p.At("value")!.Value.GetInt32(), p.At("periodSeconds")!.Value.GetInt32()))];
}
