using System.Text.Json;
using Xunit;

namespace Bazaar.DeployTests.Kubernetes;

public sealed class OverlayTests
{
    [Theory]
    [MemberData(nameof(Shop.EachOverlay), MemberType = typeof(Shop))]
    public async Task Every_rendered_object_passes_its_schema(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);

        Assert.NotEmpty(rendered.Results);
        Assert.All(rendered.Results, r => Assert.True(r.Errors.Count == 0, $"{r.Kind} {r.Name} ({r.Check}): {string.Join("; ", r.Errors)}"));
        Assert.All(rendered.Results, r => Assert.Contains(r.Check, new[] { "schema", "required-fields" }));
        // Only CloudNativePG's clusters lack a published model; everything else met a real schema.
        Assert.All(rendered.Results.Where(r => r.Check != "schema"), r => Assert.Equal("Cluster", r.Kind));
    }

    [Theory]
    [MemberData(nameof(Shop.EachOverlay), MemberType = typeof(Shop))]
    public async Task Every_process_runs_from_the_one_image_with_its_own_services_argument(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        var deployments = rendered.OfKind("Deployment").ToList();

        Assert.Equal(Shop.Processes.Order(), deployments.Select(d => d.Name()).Order());
        var images = deployments.Select(d => d.Items("spec", "template", "spec", "containers").Single().Str("image")).Distinct().ToList();
        Assert.Single(images);
        Assert.Contains("bazaar/server:", images[0], StringComparison.Ordinal);
        Assert.All(deployments, d => Assert.Equal(new[] { "--services", d.Name() },
            d.Items("spec", "template", "spec", "containers").Single().Items("args").Select(a => a.GetString())));
        Assert.All(Shop.Processes, p => Assert.Contains(rendered.OfKind("Service"), s => s.Name() == p));
    }

    [Theory]
    [MemberData(nameof(Shop.EachOverlay), MemberType = typeof(Shop))]
    public async Task The_ingress_leads_to_the_storefront_and_the_gateway_only(string overlay)
    {
        var ingress = (await RenderedOverlay.OfAsync(overlay)).OfKind("Ingress").Single();

        var paths = ingress.Items("spec", "rules").SelectMany(r => r.Items("http", "paths")).ToList();
        var backends = paths.Where(p => p.Str("backend", "service", "port", "name") != "use-annotation")
            .Select(p => p.Str("backend", "service", "name")).Order().ToList();
        Assert.Equal(new[] { "gateway", "web" }, backends);
        // Anything else is an action of the ALB's own, and it may only redirect, never forward elsewhere.
        Assert.All(paths.Where(p => p.Str("backend", "service", "port", "name") == "use-annotation"), p =>
        {
            var action = ingress.Str("metadata", "annotations", $"alb.ingress.kubernetes.io/actions.{p.Str("backend", "service", "name")}");
            using var json = JsonDocument.Parse(action.Length > 0 ? action : "{}");
            Assert.Equal("redirect", json.RootElement.Str("type"));
        });
    }

    [Theory]
    [MemberData(nameof(Shop.EachOverlay), MemberType = typeof(Shop))]
    public async Task Nats_is_a_three_server_jetstream_cluster_with_its_own_volumes(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        var nats = rendered.Single("StatefulSet", "nats");

        Assert.Equal(3, nats.At("spec", "replicas")!.Value.GetInt32());
        Assert.Equal("None", rendered.Single("Service", nats.Str("spec", "serviceName")).Str("spec", "clusterIP"));
        Assert.Contains(nats.Items("spec", "volumeClaimTemplates"), t => t.Name() == "data");
        var config = rendered.Single("ConfigMap", "nats-config").Str("data", "nats.conf");
        Assert.Contains("jetstream", config, StringComparison.Ordinal);
        Assert.All(Enumerable.Range(0, 3), i => Assert.Contains($"nats://nats-{i}.nats-headless:6222", config, StringComparison.Ordinal));
    }

    [Fact]
    public async Task In_dev_every_service_has_its_own_postgres_cluster_and_database()
    {
        var rendered = await RenderedOverlay.OfAsync("dev");

        Assert.All(Shop.Services, service =>
        {
            var cluster = rendered.Single("Cluster", $"{service}-db");
            Assert.Equal($"bazaar_{service}", cluster.Str("spec", "bootstrap", "initdb", "database"));
            var env = Env(rendered, service);
            Assert.Contains(env, e => e.Str("name") == "Bazaar__Database__Postgres__Host" && e.Str("value") == $"{service}-db-rw");
            Assert.Contains(env, e => e.Str("valueFrom", "secretKeyRef", "name") == $"{service}-db-app");
        });
        Assert.Single(rendered.OfKind("StatefulSet"), s => s.Name() == "redis");
    }

    [Fact]
    public async Task In_prod_every_service_reads_its_rds_connection_string_and_no_database_or_redis_runs_in_the_cluster()
    {
        var rendered = await RenderedOverlay.OfAsync("prod");

        Assert.Empty(rendered.OfKind("Cluster"));
        Assert.DoesNotContain(rendered.Objects, o => o.Str("apiVersion").StartsWith("postgresql.cnpg.io/", StringComparison.Ordinal));
        var workloads = rendered.OfKind("Deployment").Concat(rendered.OfKind("StatefulSet")).ToList();
        Assert.Equal(Shop.Processes.Append("nats").Order(), workloads.Select(w => w.Name()).Order());
        var images = workloads.SelectMany(w => w.Items("spec", "template", "spec", "containers")).Select(c => c.Str("image")).ToList();
        Assert.DoesNotContain(images, i => i.StartsWith("redis", StringComparison.Ordinal) || i.Contains("postgres", StringComparison.Ordinal));
        Assert.DoesNotContain(rendered.OfKind("Service"), s => s.Name() == "redis" || s.Name().EndsWith("-db-rw", StringComparison.Ordinal));

        Assert.All(Shop.Services, service =>
        {
            var env = Env(rendered, service);
            var connection = Assert.Single(env, e => e.Str("name").StartsWith("ConnectionStrings__", StringComparison.Ordinal));
            Assert.Equal($"ConnectionStrings__{service}", connection.Str("name"));
            Assert.Equal(($"{service}-database", "connectionString"),
                (connection.Str("valueFrom", "secretKeyRef", "name"), connection.Str("valueFrom", "secretKeyRef", "key")));
            Assert.DoesNotContain(env, e => e.Str("name").StartsWith("Bazaar__Database__Postgres__", StringComparison.Ordinal));
        });
        Assert.All(new[] { "gateway", "web" }, process =>
            Assert.DoesNotContain(Env(rendered, process), e => e.Str("name").StartsWith("ConnectionStrings__", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Shop.EachOverlay), MemberType = typeof(Shop))]
    public async Task Catalog_runs_as_its_own_service_account(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);

        Assert.Equal("catalog", rendered.Single("Deployment", "catalog").Str("spec", "template", "spec", "serviceAccountName"));
        Assert.NotNull(rendered.Single("ServiceAccount", "catalog").At("metadata"));
        Assert.All(rendered.OfKind("Deployment").Where(d => d.Name() != "catalog"),
            d => Assert.Equal("", d.Str("spec", "template", "spec", "serviceAccountName")));
    }

    private static List<JsonElement> Env(RenderedOverlay rendered, string process) =>
        [.. rendered.Single("Deployment", process).Items("spec", "template", "spec", "containers").Single().Items("env")];
}
