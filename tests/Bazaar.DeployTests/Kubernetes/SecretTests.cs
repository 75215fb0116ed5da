using System.Text.Json;
using Xunit;

namespace Bazaar.DeployTests.Kubernetes;

public sealed class SecretTests
{
    [Theory]
    [MemberData(nameof(Shop.EachOverlay), MemberType = typeof(Shop))]
    public async Task No_secret_value_is_in_the_manifests(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);

        Assert.Empty(rendered.OfKind("Secret"));
    }

    [Fact]
    public async Task In_prod_every_secret_a_pod_reads_comes_from_aws_secrets_manager()
    {
        var rendered = await RenderedOverlay.OfAsync("prod");
        var external = rendered.OfKind("ExternalSecret").ToDictionary(e => e.Str("spec", "target", "name"), SecretKeys);

        Assert.All(rendered.OfKind("ExternalSecret"), e => Assert.Equal(
            "aws", rendered.Single("SecretStore", e.Str("spec", "secretStoreRef", "name")).At("spec", "provider")!.Value.EnumerateObject().Single().Name));
        Assert.All(SecretReferences(rendered), reference =>
        {
            Assert.True(external.TryGetValue(reference.Name, out var keys), $"no ExternalSecret makes {reference.Name}");
            Assert.True(reference.Key is null || keys.Contains(reference.Key), $"{reference.Name} has no key {reference.Key}");
        });
    }

    [Fact]
    public async Task In_dev_every_secret_a_pod_reads_is_made_by_the_documented_script_or_its_database_operator()
    {
        var rendered = await RenderedOverlay.OfAsync("dev");
        var script = await File.ReadAllTextAsync(Repository.PathOf("deploy", "k8s", "overlays", "dev", "create-secrets.sh"));

        Assert.All(SecretReferences(rendered), reference => Assert.True(
            reference.Name.EndsWith("-db-app", StringComparison.Ordinal) || script.Contains($"apply {reference.Name} ", StringComparison.Ordinal),
            $"nothing creates {reference.Name}"));
    }

    /// <summary>The keys of the Secret an ExternalSecret makes: its template's, when it has one, or else its data's.</summary>
    private static HashSet<string> SecretKeys(JsonElement externalSecret) =>
        externalSecret.At("spec", "target", "template", "data") is { ValueKind: JsonValueKind.Object } template
            ? [.. template.EnumerateObject().Select(key => key.Name)]
            : [.. externalSecret.Items("spec", "data").Select(d => d.Str("secretKey"))];

    private static IEnumerable<(string Name, string? Key)> SecretReferences(RenderedOverlay rendered)
    {
        var pods = rendered.OfKind("Deployment").Concat(rendered.OfKind("StatefulSet")).Select(w => w.At("spec", "template", "spec")!.Value).ToList();
        var fromEnv = pods.SelectMany(p => p.Items("containers")).SelectMany(c => c.Items("env"))
            .Select(e => e.At("valueFrom", "secretKeyRef"))
            .OfType<JsonElement>()
            .Select(r => (r.Str("name"), (string?)r.Str("key")));
        var fromVolumes = pods.SelectMany(p => p.Items("volumes")).Select(v => v.Str("secret", "secretName"))
            .Where(n => n.Length > 0).Select(n => (n, (string?)null));
        return [.. fromEnv.Concat(fromVolumes)];
    }
}
