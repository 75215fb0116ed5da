using System.Text.Json;
using Xunit;

namespace Bazaar.DeployTests.Kubernetes;

public sealed class NetworkPolicyTests
{
    [Theory]
    [MemberData(nameof(Shop.EachOverlay), MemberType = typeof(Shop))]
    public async Task Everything_is_denied_by_default_except_dns(string overlay)
    {
        var policies = (await RenderedOverlay.OfAsync(overlay)).OfKind("NetworkPolicy").ToList();

        Assert.Contains(policies, p =>
            SelectsEveryPod(p)
            && p.Items("spec", "policyTypes").Select(t => t.GetString()).Order().SequenceEqual(new[] { "Egress", "Ingress" })
            && !p.Items("spec", "ingress").Any() && !p.Items("spec", "egress").Any());
        Assert.Contains(policies, p =>
            SelectsEveryPod(p)
            && p.Items("spec", "egress").SelectMany(r => r.Items("ports")).Any(port => port.Str("protocol") == "UDP" && port.At("port")?.GetInt32() == 53));
    }

    [Theory]
    [MemberData(nameof(Shop.EachOverlay), MemberType = typeof(Shop))]
    public async Task Ordering_accepts_calls_from_the_gateway_only(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);

        Assert.Equal(new[] { "gateway" }, AdmittedProcesses(rendered, PodLabels(rendered, "ordering")));
    }

    [Theory]
    [MemberData(nameof(Shop.EachOverlay), MemberType = typeof(Shop))]
    public async Task The_gateway_reaches_every_service_and_the_storefront_reaches_the_gateway(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);

        Assert.All(Shop.Services, s => Assert.Contains("gateway", AdmittedProcesses(rendered, PodLabels(rendered, s))));
        Assert.Equal(new[] { "web" }, AdmittedProcesses(rendered, PodLabels(rendered, "gateway")));
        Assert.All(Shop.Services, s => Assert.DoesNotContain("web", AdmittedProcesses(rendered, PodLabels(rendered, s))));
    }

    [Fact]
    public async Task In_dev_each_database_admits_only_its_own_service()
    {
        var rendered = await RenderedOverlay.OfAsync("dev");

        Assert.All(Shop.Services, service =>
        {
            var database = new Dictionary<string, string> { ["cnpg.io/cluster"] = $"{service}-db" };
            Assert.Equal(new[] { service }, AdmittedProcesses(rendered, database));
            var otherDatabases = Shop.Services.Where(s => s != service)
                .Select(s => new Dictionary<string, string> { ["cnpg.io/cluster"] = $"{s}-db" });
            Assert.All(otherDatabases, other => Assert.False(Admits(rendered, database, other)));
        });
    }

    [Fact]
    public async Task In_prod_the_services_reach_postgres_and_the_redis_users_reach_redis_outside_the_cluster_and_nothing_else_does()
    {
        var rendered = await RenderedOverlay.OfAsync("prod");
        var redisUsers = RedisUsers(rendered);

        Assert.All(Shop.Processes, process =>
        {
            var labels = PodLabels(rendered, process);
            var postgres = ExternalRanges(rendered, labels, 5432);
            var redis = ExternalRanges(rendered, labels, 6379);
            Assert.Equal(Shop.Services.Contains(process), postgres.Count > 0);
            Assert.Equal(redisUsers.Contains(process), redis.Count > 0);
            Assert.DoesNotContain("0.0.0.0/0", postgres.Concat(redis));
        });
    }

    [Theory]
    [MemberData(nameof(Shop.EachOverlay), MemberType = typeof(Shop))]
    public async Task Only_the_entry_point_of_its_overlay_reaches_the_storefront_and_the_gateway(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        var entryPoints = new[] { "gateway", "web" }.Select(process => PodLabels(rendered, process)).ToList();
        var policies = rendered.OfKind("NetworkPolicy").Where(p => entryPoints.Any(labels => p.At("spec", "podSelector")!.Value.Selects(labels))).ToList();
        var controllers = policies.SelectMany(p => p.Items("spec", "ingress")).SelectMany(r => r.Items("from"))
            .Select(peer => peer.Str("namespaceSelector", "matchLabels", "kubernetes.io/metadata.name")).Where(n => n.Length > 0).Distinct().Order();
        var outside = policies.SelectMany(p => p.Items("spec", "ingress")).SelectMany(r => r.Items("from"))
            .Select(peer => peer.Str("ipBlock", "cidr")).Where(c => c.Length > 0).Distinct().ToList();

        if (overlay == "dev")
        {
            // ingress-nginx runs in the cluster and reaches the pods from its own namespace.
            Assert.Equal(new[] { "ingress-nginx", "monitoring" }, controllers);
            Assert.Empty(outside);
        }
        else
        {
            // The ALB is no pod: it reaches the pods from its addresses in the VPC's public subnets.
            Assert.Equal(new[] { "monitoring" }, controllers);
            var alb = Assert.Single(outside);
            Assert.All(new[] { "gateway", "web" }, process =>
                Assert.Contains(alb, IngressRanges(rendered, PodLabels(rendered, process))));
            Assert.All(Shop.Services, service => Assert.Empty(IngressRanges(rendered, PodLabels(rendered, service))));
        }
    }

    [Theory]
    [MemberData(nameof(Shop.EachOverlay), MemberType = typeof(Shop))]
    public async Task Nats_admits_the_services_and_nothing_else_of_the_shop(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        var nats = rendered.Single("StatefulSet", "nats").Labels("spec", "template", "metadata", "labels");

        Assert.Equal(Shop.Services.Order(), AdmittedProcesses(rendered, nats));
    }

    [Fact]
    public async Task Redis_admits_exactly_the_processes_configured_to_use_it()
    {
        var rendered = await RenderedOverlay.OfAsync("dev");
        var redis = rendered.Single("StatefulSet", "redis").Labels("spec", "template", "metadata", "labels");
        var users = RedisUsers(rendered);

        Assert.Equal(users, AdmittedProcesses(rendered, redis));
        Assert.DoesNotContain("ordering", users);
    }

    private static List<string> RedisUsers(RenderedOverlay rendered) =>
        [.. rendered.OfKind("Deployment")
            .Where(d => d.Items("spec", "template", "spec", "containers").Single().Items("env").Any(e => e.Str("name") == "Bazaar__Redis__Configuration"))
            .Select(d => d.Name()).Order()];

    /// <summary>The address ranges outside the cluster (ipBlock) that pods with these labels may reach on a port.</summary>
    internal static List<string> ExternalRanges(RenderedOverlay rendered, IReadOnlyDictionary<string, string> source, int port) =>
        [.. rendered.OfKind("NetworkPolicy")
            .Where(p => p.At("spec", "podSelector")!.Value.Selects(source))
            .SelectMany(p => p.Items("spec", "egress"))
            .Where(rule => rule.Items("ports").Any(p => p.At("port") is { ValueKind: JsonValueKind.Number } number && number.GetInt32() == port))
            .SelectMany(rule => rule.Items("to"))
            .Select(peer => peer.Str("ipBlock", "cidr"))
            .Where(cidr => cidr.Length > 0)
            .Distinct()];

    /// <summary>The address ranges outside the cluster (ipBlock) that may reach pods with these labels.</summary>
    internal static List<string> IngressRanges(RenderedOverlay rendered, IReadOnlyDictionary<string, string> target) =>
        [.. rendered.OfKind("NetworkPolicy")
            .Where(p => p.At("spec", "podSelector")!.Value.Selects(target))
            .SelectMany(p => p.Items("spec", "ingress"))
            .SelectMany(rule => rule.Items("from"))
            .Select(peer => peer.Str("ipBlock", "cidr"))
            .Where(cidr => cidr.Length > 0)
            .Distinct()];

    internal static IReadOnlyDictionary<string, string> PodLabels(RenderedOverlay rendered, string process) =>
        rendered.Single("Deployment", process).Labels("spec", "template", "metadata", "labels");

    private static bool SelectsEveryPod(JsonElement policy) =>
        policy.At("spec", "podSelector") is { } selector && !selector.EnumerateObject().Any();

    /// <summary>The shop's processes whose pods some ingress rule lets in to pods with these labels.</summary>
    private static List<string> AdmittedProcesses(RenderedOverlay rendered, IReadOnlyDictionary<string, string> target) =>
        [.. Shop.Processes.Where(p => Admits(rendered, target, PodLabels(rendered, p))).Order()];

    private static bool Admits(RenderedOverlay rendered, IReadOnlyDictionary<string, string> target, IReadOnlyDictionary<string, string> source) =>
        rendered.OfKind("NetworkPolicy")
            .Where(p => p.At("spec", "podSelector")!.Value.Selects(target))
            .SelectMany(p => p.Items("spec", "ingress"))
            .Any(rule =>
            {
                // A rule without `from` admits everyone: none of Bazaar's may be that open.
                Assert.NotNull(rule.At("from"));
                return rule.Items("from").Any(peer =>
                    peer.At("namespaceSelector") is null && peer.At("ipBlock") is null && peer.At("podSelector")!.Value.Selects(source));
            });
}
