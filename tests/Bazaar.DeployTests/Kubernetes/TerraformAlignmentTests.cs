using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bazaar.DeployTests.Terraform;
using Xunit;

namespace Bazaar.DeployTests.Kubernetes;

/// <summary>
/// The prod overlay is the Kubernetes half of deploy/terraform/environments/prod: it reads the secrets Terraform
/// creates under the names and properties Terraform gives them, runs as the service accounts Terraform's roles trust,
/// asks for the ALB Terraform expects, and reaches RDS and ElastiCache where Terraform's network puts them. Names and
/// values are read from the Terraform files, so a rename on either side fails here.
/// </summary>
public sealed class TerraformAlignmentTests(TerraformTree tree) : IClassFixture<TerraformTree>
{
    private const string RoleAnnotation = "eks.amazonaws.com/role-arn";

    private TerraformFolder Prod => tree.Folder("environments/prod");

    [Fact]
    public async Task Every_prod_external_secret_reads_a_secret_terraform_creates_by_its_name_and_properties()
    {
        var rendered = await RenderedOverlay.OfAsync("prod");
        var created = TerraformSecrets();
        var read = rendered.OfKind("ExternalSecret")
            .SelectMany(e => e.Items("spec", "data").Select(d => (Secret: e.Name(), Key: d.Str("remoteRef", "key"), Property: d.Str("remoteRef", "property"))))
            .ToList();

        Assert.Equal(13, created.Count);
        Assert.NotEmpty(read);
        Assert.All(read, r =>
        {
            Assert.StartsWith("bazaar/prod/", r.Key, StringComparison.Ordinal);
            Assert.True(created.TryGetValue(r.Key, out var properties), $"{r.Secret} reads {r.Key}, which Terraform does not create");
            Assert.True(properties!.Contains(r.Property), $"{r.Secret} reads property {r.Property} of {r.Key}; Terraform writes {string.Join(", ", properties)}");
        });
        // And nothing Terraform creates for the shop goes unread.
        Assert.Equal(created.Keys.Order(), read.Select(r => r.Key).Distinct().Order());
        Assert.All(Shop.Services, service => Assert.Contains(read, r =>
            r.Key == $"bazaar/prod/{service}/database" && r.Property == "connectionString" && r.Secret == $"{service}-database"));
        Assert.Contains(read, r => r.Key == "bazaar/prod/redis" && r.Property == "configuration");
    }

    [Fact]
    public async Task The_prod_ingress_is_the_alb_terraform_names_with_the_annotations_terraform_outputs()
    {
        var rendered = await RenderedOverlay.OfAsync("prod");
        var ingress = rendered.OfKind("Ingress").Single();
        var annotations = ingress.Labels("metadata", "annotations");
        var outputs = Prod.Blocks("output")["ingress_annotations"].GetProperty("value").EnumerateObject().ToDictionary(a => a.Name, a => a.Value.GetString()!);

        Assert.Equal("alb", ingress.Str("spec", "ingressClassName"));
        Assert.Null(ingress.At("spec", "tls"));
        Assert.Equal(3, outputs.Count);
        Assert.All(outputs.Keys, key => Assert.True(annotations.ContainsKey(key), $"the ingress lacks {key}"));
        var name = Interpolate(outputs["alb.ingress.kubernetes.io/load-balancer-name"]);
        Assert.Equal("bazaar-prod", name);
        Assert.Equal(name, annotations["alb.ingress.kubernetes.io/load-balancer-name"]);
        Assert.Equal(name, annotations["alb.ingress.kubernetes.io/group.name"]);
        Assert.StartsWith($"arn:aws:acm:{Value("region")}:", annotations["alb.ingress.kubernetes.io/certificate-arn"], StringComparison.Ordinal);
        Assert.StartsWith($"arn:aws:wafv2:{Value("region")}:", annotations["alb.ingress.kubernetes.io/wafv2-acl-arn"], StringComparison.Ordinal);
        Assert.Equal("internet-facing", annotations["alb.ingress.kubernetes.io/scheme"]);
        Assert.Equal("ip", annotations["alb.ingress.kubernetes.io/target-type"]);
        Assert.Equal("443", annotations["alb.ingress.kubernetes.io/ssl-redirect"]);
        using var ports = JsonDocument.Parse(annotations["alb.ingress.kubernetes.io/listen-ports"]);
        Assert.Contains(ports.RootElement.EnumerateArray(), p => p.At("HTTPS")?.GetInt32() == 443);
        // TLS ends at the ALB with the ACM certificate: nothing of cert-manager or ingress-nginx is left.
        Assert.DoesNotContain(annotations.Keys, key => key.StartsWith("cert-manager.io/", StringComparison.Ordinal) || key.StartsWith("nginx.", StringComparison.Ordinal));
        Assert.Contains(ingress.Items("spec", "rules"), r => r.Str("host") == Value("domain_name"));
    }

    [Fact]
    public async Task Every_host_the_prod_ingress_serves_is_on_the_certificate_and_in_dns_terraform_makes()
    {
        var rendered = await RenderedOverlay.OfAsync("prod");
        var hosts = rendered.OfKind("Ingress").Single().Items("spec", "rules").Select(r => r.Str("host")).ToHashSet();
        var dns = tree.Folder("modules/dns");
        // The module is called with prod's domain: its names are read with that domain in place of var.domain_name.
        var named = dns.Local("shop_names").EnumerateArray()
            .Select(name => name.GetString()!.Replace("${var.domain_name}", Value("domain_name"), StringComparison.Ordinal))
            .ToHashSet();
        var certificate = dns.Resource("aws_acm_certificate", "shop");
        var covered = certificate.GetProperty("subject_alternative_names").EnumerateArray()
            .Select(name => name.GetString()!)
            .Append(certificate.GetProperty("domain_name").GetString()!)
            .Select(name => name.Replace("${var.domain_name}", Value("domain_name"), StringComparison.Ordinal))
            .ToHashSet();

        Assert.NotEmpty(hosts);
        Assert.All(hosts, host =>
        {
            Assert.Contains(host, covered);
            Assert.Contains(host, named);
        });
    }

    [Fact]
    public async Task The_prod_service_accounts_that_call_aws_are_those_terraform_roles_trust()
    {
        var rendered = await RenderedOverlay.OfAsync("prod");
        var roles = Prod.Local("irsa").EnumerateObject()
            .Where(role => role.Value.GetProperty("namespace").GetString() == "${var.kubernetes_namespace}")
            .ToDictionary(role => role.Value.GetProperty("service_account").GetString()!, role => $"{Interpolate("${var.name}-${var.environment}")}-{role.Name.Replace('_', '-')}");

        Assert.Equal(new[] { "bazaar-secrets", "catalog" }, roles.Keys.Order());
        Assert.All(rendered.Objects, o => Assert.True(o.Str("kind") == "Namespace" || o.Str("metadata", "namespace") == Value("kubernetes_namespace"), $"{o.Str("kind")} {o.Name()}"));
        Assert.All(roles, role =>
        {
            var arn = rendered.Single("ServiceAccount", role.Key).Str("metadata", "annotations", RoleAnnotation);
            Assert.Matches($@"^arn:aws:iam::\d{{12}}:role/{Regex.Escape(role.Value)}$", arn);
        });
        Assert.Equal("catalog", rendered.Single("Deployment", "catalog").Str("spec", "template", "spec", "serviceAccountName"));
        var store = rendered.OfKind("SecretStore").Single();
        Assert.Equal("bazaar-secrets", store.Str("spec", "provider", "aws", "auth", "jwt", "serviceAccountRef", "name"));
        Assert.Equal("SecretsManager", store.Str("spec", "provider", "aws", "service"));
        Assert.Equal(Value("region"), store.Str("spec", "provider", "aws", "region"));
        // No other pod carries an AWS role.
        Assert.All(rendered.OfKind("ServiceAccount").Where(a => !roles.ContainsKey(a.Name())), a => Assert.Equal("", a.Str("metadata", "annotations", RoleAnnotation)));
    }

    [Fact]
    public async Task Prod_reaches_rds_and_elasticache_in_the_private_subnets_and_admits_the_alb_from_the_public_ones()
    {
        var rendered = await RenderedOverlay.OfAsync("prod");
        var network = tree.Folder("modules/network");
        var vpc = IPNetwork.Parse(Value("vpc_cidr"));
        var zones = Prod.Blocks("module")["network"].GetProperty("availability_zones").GetString() == "${local.availability_zones}"
            ? TfVars.GetProperty("availability_zones").GetArrayLength()
            : throw new InvalidOperationException("environments/prod passes the network module other zones");
        var privateSubnets = Subnets(network.Local("private_cidrs").GetString()!, vpc, zones);
        var publicSubnets = Subnets(network.Local("public_cidrs").GetString()!, vpc, zones);

        var ranges = Shop.Services.SelectMany(s => NetworkPolicyTests.ExternalRanges(rendered, NetworkPolicyTests.PodLabels(rendered, s), 5432))
            .Concat(Shop.Processes.SelectMany(p => NetworkPolicyTests.ExternalRanges(rendered, NetworkPolicyTests.PodLabels(rendered, p), 6379)))
            .Distinct().Select(IPNetwork.Parse).ToList();
        Assert.NotEmpty(ranges);
        Assert.All(ranges, range =>
        {
            Assert.True(Within(range, vpc), $"{range} is not in the VPC {vpc}");
            Assert.All(privateSubnets, subnet => Assert.True(Within(subnet, range), $"{range} leaves out the private subnet {subnet}"));
            Assert.All(publicSubnets, subnet => Assert.False(Overlap(subnet, range), $"{range} reaches into the public subnet {subnet}"));
        });

        var alb = IPNetwork.Parse(Assert.Single(NetworkPolicyTests.IngressRanges(rendered, NetworkPolicyTests.PodLabels(rendered, "gateway"))));
        Assert.All(publicSubnets, subnet => Assert.True(Within(subnet, alb), $"{alb} leaves out the public subnet {subnet}"));
        Assert.All(privateSubnets, subnet => Assert.False(Overlap(subnet, alb), $"{alb} reaches into the private subnet {subnet}"));
        Assert.Equal(vpc.ToString(), rendered.Single("ConfigMap", "bazaar-config").Str("data", "Bazaar__TrustedProxies"));
    }

    private JsonElement TfVars => tree.Files["environments/prod/prod.tfvars"];

    /// <summary>A variable of environments/prod as prod.tfvars sets it, or else its default.</summary>
    private string Value(string variable) =>
        (TfVars.TryGetProperty(variable, out var value) ? value : Prod.Blocks("variable")[variable].GetProperty("default")).GetString()!;

    /// <summary>Replaces each <c>${var.x}</c> and <c>${local.name}</c> of a Terraform string with its prod value.</summary>
    private string Interpolate(string template) =>
        Regex.Replace(
            template.Replace("${local.name}", Prod.Local("name").GetString()!, StringComparison.Ordinal),
            @"\$\{var\.(\w+)\}", m => Value(m.Groups[1].Value), RegexOptions.None, TimeSpan.FromSeconds(5));

    /// <summary>
    /// Every Secrets Manager secret modules/secrets creates for prod, by name, with the properties its value has: those
    /// Terraform writes (the keys of its <c>jsonencode</c>), or for a secret an operator fills in, those its README documents.
    /// </summary>
    private Dictionary<string, HashSet<string>> TerraformSecrets()
    {
        var module = tree.Folder("modules/secrets");
        var call = Prod.Blocks("module")["secrets"];
        Assert.Equal("${local.services}", call.GetProperty("services").GetString());
        var prefix = Interpolate(call.GetProperty("prefix").GetString()!);
        var services = Prod.Local("services").EnumerateArray().Select(s => s.GetString()!).ToList();
        var file = module.Files["modules/secrets/main.tf"];
        var versions = file.GetProperty("resource").GetProperty("aws_secretsmanager_secret_version").EnumerateObject()
            .ToDictionary(v => Regex.Match(v.Value[0].GetProperty("secret_id").GetString()!, @"aws_secretsmanager_secret\.(\w+)", RegexOptions.None, TimeSpan.FromSeconds(5)).Groups[1].Value,
                v => JsonKeys(v.Value[0].GetProperty("secret_string").GetString()!));
        var readme = File.ReadAllText(Path.Combine(TerraformTree.Root, "README.md"));

        var secrets = new Dictionary<string, HashSet<string>>();
        foreach (var secret in file.GetProperty("resource").GetProperty("aws_secretsmanager_secret").EnumerateObject())
        {
            var body = secret.Value[0];
            var name = body.GetProperty("name").GetString()!.Replace("${var.prefix}", prefix, StringComparison.Ordinal);
            var names = body.TryGetProperty("for_each", out var forEach)
                ? forEach.GetString() == "${toset(var.services)}" ? services.Select(s => name.Replace("${each.key}", s, StringComparison.Ordinal)) : throw new InvalidOperationException($"{secret.Name}: for_each {forEach}")
                : [name];
            foreach (var each in names)
            {
                secrets.Add(each, versions.TryGetValue(secret.Name, out var keys) ? keys : DocumentedKeys(readme, each));
            }
        }
        return secrets;
    }

    private static HashSet<string> JsonKeys(string jsonencode) =>
        [.. Regex.Matches(jsonencode, @"^\s*""?([\w-]+)""?\s*=", RegexOptions.Multiline, TimeSpan.FromSeconds(5)).Select(m => m.Groups[1].Value)];

    /// <summary>The keys the README's secrets table gives a secret: its row's second column.</summary>
    private static HashSet<string> DocumentedKeys(string readme, string secret)
    {
        var row = readme.Split('\n').SingleOrDefault(line => line.StartsWith($"| `{secret}` |", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"deploy/terraform/README.md documents no keys of {secret}");
        return [.. Regex.Matches(row.Split('|')[2], "`([^`]+)`", RegexOptions.None, TimeSpan.FromSeconds(5)).Select(m => m.Groups[1].Value)];
    }

    /// <summary>The subnets <c>cidrsubnet(var.cidr_block, newbits, [offset +] index)</c> gives zones 0..zones-1.</summary>
    private static List<IPNetwork> Subnets(string expression, IPNetwork vpc, int zones)
    {
        var match = Regex.Match(expression, @"cidrsubnet\(var\.cidr_block, (\d+), (?:(\d+) \+ )?index\)", RegexOptions.None, TimeSpan.FromSeconds(5));
        Assert.True(match.Success, $"unexpected subnet expression {expression}");
        var bits = int.Parse(match.Groups[1].Value);
        var offset = match.Groups[2].Success ? int.Parse(match.Groups[2].Value) : 0;
        var length = vpc.PrefixLength + bits;
        return [.. Enumerable.Range(offset, zones).Select(number => new IPNetwork(ToAddress(ToNumber(vpc.BaseAddress) + ((uint)number << (32 - length))), length))];
    }

    private static bool Within(IPNetwork inner, IPNetwork outer) => inner.PrefixLength >= outer.PrefixLength && outer.Contains(inner.BaseAddress);

    private static bool Overlap(IPNetwork a, IPNetwork b) => a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress);

    private static uint ToNumber(IPAddress address)
    {
        Assert.Equal(AddressFamily.InterNetwork, address.AddressFamily);
        var bytes = address.GetAddressBytes();
        return ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
    }

    private static IPAddress ToAddress(uint number) => new([(byte)(number >> 24), (byte)(number >> 16), (byte)(number >> 8), (byte)number]);
}
