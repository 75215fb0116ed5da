using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Xunit;

namespace Bazaar.DeployTests.Container;

public sealed class PublishedServerTests
{
    [Fact]
    public async Task The_container_settings_name_one_non_root_image_listening_on_8080()
    {
        var project = Repository.PathOf("src", "Bazaar.Server", "Bazaar.Server.csproj");
        var result = (await ExternalTool.RunAsync("dotnet",
            ["msbuild", project, "-nologo", "-getProperty:ContainerRepository", "-getProperty:ContainerFamily", "-getProperty:ContainerUser",
             "-getItem:ContainerPort", "-getItem:ContainerEnvironmentVariable"])).EnsureSuccess("dotnet msbuild -getProperty");
        using var evaluated = JsonDocument.Parse(result.Output);
        var properties = evaluated.RootElement.GetProperty("Properties");
        var items = evaluated.RootElement.GetProperty("Items");

        Assert.Equal("bazaar/server", properties.GetProperty("ContainerRepository").GetString());
        Assert.Contains("chiseled", properties.GetProperty("ContainerFamily").GetString(), StringComparison.Ordinal);
        // A numeric user, so Kubernetes can verify runAsNonRoot; 0 would be root.
        Assert.True(int.TryParse(properties.GetProperty("ContainerUser").GetString(), out var user) && user > 0);
        Assert.Equal("8080", items.GetProperty("ContainerPort").EnumerateArray().Single().GetProperty("Identity").GetString());
        Assert.Contains(items.GetProperty("ContainerEnvironmentVariable").EnumerateArray(), v =>
            v.GetProperty("Identity").GetString() == "ASPNETCORE_URLS" && v.GetProperty("Value").GetString() == "http://+:8080");
    }

    [Fact]
    public async Task The_dockerfile_builds_with_the_sdk_runs_on_aspnet_as_a_non_root_user_and_checks_health()
    {
        var dockerfile = await File.ReadAllLinesAsync(Repository.PathOf("deploy", "container", "Dockerfile"));
        var stages = dockerfile.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, stages.Count);
        Assert.Contains("dotnet/sdk:", stages[0], StringComparison.Ordinal);
        Assert.Contains("dotnet/aspnet:", stages[1], StringComparison.Ordinal);
        var user = dockerfile.Last(l => l.StartsWith("USER ", StringComparison.Ordinal))["USER ".Length..].Trim();
        Assert.True(int.TryParse(user, out var uid) && uid > 0, $"USER {user}");
        Assert.Contains(dockerfile, l => l.StartsWith("HEALTHCHECK", StringComparison.Ordinal));
        Assert.Contains(dockerfile, l => l.Contains("/health/live", StringComparison.Ordinal));
        Assert.Contains(dockerfile, l => l.StartsWith("ENTRYPOINT [\"dotnet\", \"Bazaar.Server.dll\"]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_published_server_starts_one_service_and_answers_its_liveness_probe()
    {
        var root = Directory.CreateTempSubdirectory("bazaar-publish-");
        try
        {
            var output = Path.Combine(root.FullName, "app");
            (await ExternalTool.RunAsync("dotnet",
                ["publish", Repository.PathOf("src", "Bazaar.Server"), "-c", "Release", "-o", output, "-nologo"], timeout: TimeSpan.FromMinutes(8)))
                .EnsureSuccess("dotnet publish");
            Assert.True(File.Exists(Path.Combine(output, "Bazaar.Server.dll")));

            var url = $"http://127.0.0.1:{FreePort()}";
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = root.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[] { Path.Combine(output, "Bazaar.Server.dll"), "--services", "catalog", "--urls", url })
            {
                start.ArgumentList.Add(argument);
            }
            // As in the image: settings from the environment, data in a directory of its own.
            start.Environment["Bazaar__DataDirectory"] = Path.Combine(root.FullName, "data");
            start.Environment["Bazaar__Catalog__SeedDemoData"] = "false";
            using var server = Process.Start(start) ?? throw new InvalidOperationException("the published server did not start");
            try
            {
                Assert.Equal(HttpStatusCode.OK, await LivenessAsync(server, url));
            }
            finally
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    /// <summary>Asks /health/live until the server answers or exits; the generous bound only stops a hung start.</summary>
    private static async Task<HttpStatusCode?> LivenessAsync(Process server, string url)
    {
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (!limit.IsCancellationRequested && !server.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"{url}/health/live"), limit.Token);
                return response.StatusCode;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200, CancellationToken.None);
            }
        }
        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
