using System.Text.Json;
using Xunit;

namespace Bazaar.DeployTests.Terraform;

/// <summary>
/// What can be known about deploy/terraform without the terraform binary or an AWS account: every file parses, every
/// module is documented and wired consistently, and the data stores keep the settings the design depends on.
/// `terraform validate` and `plan` against AWS remain the user's check (deploy/terraform/README.md).
/// </summary>
public sealed class TerraformConfigurationTests(TerraformTree tree) : IClassFixture<TerraformTree>
{
    private static readonly string[] Modules = ["network", "eks", "postgres", "redis", "cdn", "dns", "waf", "secrets", "irsa", "databases"];

    private static readonly string[] Services = ["identity", "catalog", "inventory", "cart", "ordering", "payment", "notification", "analytics"];

    private static readonly string[] Environments = ["environments/prod", "environments/prod-databases"];

    /// <summary>Arguments of a module block that Terraform itself reads, not the module's variables.</summary>
    private static readonly HashSet<string> MetaArguments = ["source", "version", "providers", "count", "for_each", "depends_on"];

    [Fact]
    public void Every_terraform_file_parses()
    {
        Assert.Empty(tree.Errors);
        Assert.Contains("environments/prod/main.tf", tree.Files.Keys);
        Assert.Contains("environments/prod/prod.tfvars", tree.Files.Keys);
    }

    [Fact]
    public void Every_module_has_its_files_and_a_readme()
    {
        foreach (var module in Modules)
        {
            foreach (var file in new[] { "main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md" })
            {
                Assert.True(File.Exists(Path.Combine(TerraformTree.Root, "modules", module, file)), $"modules/{module}/{file} is missing");
            }
        }
        Assert.True(File.Exists(Path.Combine(TerraformTree.Root, "README.md")));
    }

    [Fact]
    public void Every_variable_has_a_description_and_a_type()
    {
        var undocumented = tree.Folders
            .SelectMany(folder => folder.Blocks("variable").Select(variable => (folder.Path, variable.Key, Body: variable.Value)))
            .Where(variable => !HasText(variable.Body, "description") || !HasText(variable.Body, "type"))
            .Select(variable => $"{variable.Path}: var.{variable.Key}");
        AssertNone(undocumented);
    }

    [Fact]
    public void Every_variable_is_used_in_its_module()
    {
        var unused = tree.Folders
            .SelectMany(folder => folder.Blocks("variable").Keys.Where(name => !folder.References($"var.{name}")).Select(name => $"{folder.Path}: var.{name}"));
        AssertNone(unused);
    }

    [Fact]
    public void Every_output_has_a_description_and_a_value()
    {
        var undocumented = tree.Folders
            .SelectMany(folder => folder.Blocks("output").Select(output => (folder.Path, output.Key, Body: output.Value)))
            .Where(output => !HasText(output.Body, "description") || !output.Body.TryGetProperty("value", out _))
            .Select(output => $"{output.Path}: output.{output.Key}");
        Assert.NotEmpty(tree.Folder("modules/waf").Blocks("output"));
        AssertNone(undocumented);
    }

    [Fact]
    public void Every_module_call_names_an_existing_module_and_passes_its_required_variables_and_no_others()
    {
        var problems = new List<string>();
        var calls = 0;
        foreach (var caller in tree.Folders)
        {
            foreach (var (name, call) in caller.Blocks("module"))
            {
                calls++;
                var target = TerraformTree.Resolve(caller, call.GetProperty("source").GetString()!);
                var module = tree.Folders.SingleOrDefault(folder => folder.Path == target);
                if (module is null)
                {
                    problems.Add($"{caller.Path}: module.{name} calls {target}, which does not exist");
                    continue;
                }

                var variables = module.Blocks("variable");
                var arguments = call.EnumerateObject().Select(argument => argument.Name).Where(argument => !MetaArguments.Contains(argument)).ToHashSet();
                problems.AddRange(arguments.Where(argument => !variables.ContainsKey(argument))
                    .Select(argument => $"{caller.Path}: module.{name} passes {argument}, which {target} does not declare"));
                problems.AddRange(variables.Where(variable => !variable.Value.TryGetProperty("default", out _) && !arguments.Contains(variable.Key))
                    .Select(variable => $"{caller.Path}: module.{name} leaves out {variable.Key}, which {target} requires"));
            }
        }

        Assert.True(calls >= Modules.Length, $"only {calls} module calls found");
        AssertNone(problems);
    }

    [Fact]
    public void Every_module_is_called_from_an_environment()
    {
        var called = Environments
            .SelectMany(environment => tree.Folder(environment).Blocks("module").Values
                .Select(call => TerraformTree.Resolve(tree.Folder(environment), call.GetProperty("source").GetString()!)))
            .ToHashSet();
        var uncalled = Modules.Select(module => $"modules/{module}").Except(called);
        AssertNone(uncalled);
    }

    [Fact]
    public void Every_value_of_a_tfvars_file_is_a_variable_of_its_environment()
    {
        var tfvars = tree.Files.Where(file => file.Key.EndsWith(".tfvars", StringComparison.Ordinal)).ToList();
        Assert.Contains(tfvars, file => file.Key == "environments/prod/prod.tfvars");

        var undeclared = tfvars.SelectMany(file =>
        {
            var folder = tree.Folder(file.Key[..file.Key.LastIndexOf('/')]);
            var variables = folder.Blocks("variable");
            return file.Value.EnumerateObject().Where(value => !variables.ContainsKey(value.Name)).Select(value => $"{file.Key}: {value.Name}");
        });
        AssertNone(undeclared);
    }

    [Fact]
    public void Every_required_variable_of_an_environment_is_set_by_its_tfvars()
    {
        var missing = Environments.SelectMany(environment =>
        {
            var values = tree.Files[$"{environment}/prod.tfvars"].EnumerateObject().Select(value => value.Name).ToHashSet();
            return tree.Folder(environment).Blocks("variable")
                .Where(variable => !variable.Value.TryGetProperty("default", out _) && !values.Contains(variable.Key))
                .Select(variable => $"{environment}/prod.tfvars: {variable.Key}");
        });
        AssertNone(missing);
    }

    [Fact]
    public void No_secret_has_a_value_in_the_repository()
    {
        string[] secretWords = ["password", "secret", "token", "private_key", "access_key"];
        bool Secret(string name) => secretWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));

        var defaults = tree.Folders
            .SelectMany(folder => folder.Blocks("variable")
                .Where(variable => Secret(variable.Key) && variable.Value.TryGetProperty("default", out var value) && value.ValueKind == JsonValueKind.String)
                .Select(variable => $"{folder.Path}: var.{variable.Key} has a default"));
        var values = tree.Files.Where(file => !file.Key.EndsWith(".tf", StringComparison.Ordinal))
            .SelectMany(file => file.Value.EnumerateObject()
                .Where(value => Secret(value.Name) && value.Value.ValueKind == JsonValueKind.String)
                .Select(value => $"{file.Key}: {value.Name}"));
        AssertNone(defaults.Concat(values));
    }

    [Fact]
    public void Both_stages_know_the_eight_services_that_own_a_database()
    {
        foreach (var environment in Environments)
        {
            var services = tree.Folder(environment).Local("services").EnumerateArray().Select(service => service.GetString()).ToArray();
            Assert.Equal(Services, services);
        }
    }

    [Fact]
    public void Each_service_database_secret_is_named_bazaar_environment_service_database_where_both_stages_look()
    {
        Assert.Equal("${var.prefix}/${each.key}/database", tree.Folder("modules/secrets").Resource("aws_secretsmanager_secret", "database").GetProperty("name").GetString());
        Assert.Equal("${var.name}/${var.environment}", tree.Folder("environments/prod").Blocks("module")["secrets"].GetProperty("prefix").GetString());
        Assert.Equal("${var.name}/${var.environment}", tree.Folder("environments/prod-databases").Local("prefix").GetString());
        Assert.True(tree.Folder("environments/prod-databases").References("local.prefix"));
        Assert.Contains("${local.prefix}/${each.key}/database", tree.Folder("environments/prod-databases").Expressions, StringComparison.Ordinal);
    }

    [Fact]
    public void The_data_stores_are_private_encrypted_and_span_availability_zones()
    {
        var postgres = tree.Folder("modules/postgres").Resource("aws_db_instance", "this");
        Assert.True(postgres.GetProperty("multi_az").GetBoolean());
        Assert.True(postgres.GetProperty("storage_encrypted").GetBoolean());
        Assert.False(postgres.GetProperty("publicly_accessible").GetBoolean());

        var redis = tree.Folder("modules/redis").Resource("aws_elasticache_replication_group", "this");
        foreach (var setting in new[] { "multi_az_enabled", "automatic_failover_enabled", "at_rest_encryption_enabled", "transit_encryption_enabled" })
        {
            Assert.True(redis.GetProperty(setting).GetBoolean(), setting);
        }

        var bucket = tree.Folder("modules/cdn").Resource("aws_s3_bucket_public_access_block", "assets");
        foreach (var setting in new[] { "block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets" })
        {
            Assert.True(bucket.GetProperty(setting).GetBoolean(), setting);
        }
    }

    [Fact]
    public void The_web_acl_output_is_what_the_ingress_annotation_takes()
    {
        var annotations = tree.Folder("environments/prod").Blocks("output")["ingress_annotations"].GetProperty("value");
        Assert.Equal("${module.waf.web_acl_arn}", annotations.GetProperty("alb.ingress.kubernetes.io/wafv2-acl-arn").GetString());
        Assert.Equal("REGIONAL", tree.Folder("modules/waf").Resource("aws_wafv2_web_acl", "this").GetProperty("scope").GetString());
    }

    /// <summary>Fails with every problem listed, one a line, where Assert.Empty would cut the list short.</summary>
    private static void AssertNone(IEnumerable<string> problems)
    {
        var list = problems.ToList();
        Assert.True(list.Count == 0, string.Join('\n', list));
    }

    private static bool HasText(JsonElement body, string property) =>
        body.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString());
}
