using Xunit;

namespace Bazaar.DeployTests.Kubernetes;

/// <summary>What the manifests must agree with: Bazaar's processes and the sizes they are given.</summary>
internal static class Shop
{
    public static readonly string[] Services = ["identity", "catalog", "inventory", "cart", "ordering", "payment", "notification", "analytics"];

    public static readonly string[] Processes = [.. Services, "gateway", "web"];

    public static readonly string[] Overlays = ["dev", "prod"];

    public static TheoryData<string> EachOverlay() => [.. Overlays];

    /// <summary>Requests and limits (memory, CPU): catalog and notification hold more in memory than the rest.</summary>
    public static (string RequestMemory, string RequestCpu, string LimitMemory, string LimitCpu) Resources(string process) =>
        process is "catalog" or "notification" ? ("256Mi", "250m", "512Mi", "500m") : ("128Mi", "100m", "256Mi", "200m");
}
