using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Observability;

/// <summary>
/// Debian's real <c>prometheus</c> on a free 127.0.0.1 port with a storage folder of its own, scraping one target every
/// second and evaluating Bazaar's alert rules; killed by its process id.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private PrometheusServer(Process process, string directory, Uri address)
    {
        _process = process;
        _directory = directory;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    public static async Task<PrometheusServer> StartAsync(Uri target, string rulesFile)
    {
        var directory = Directory.CreateTempSubdirectory("bazaar-prometheus").FullName;
        File.Copy(rulesFile, Path.Combine(directory, "alerts.yml"));
        await File.WriteAllTextAsync(Path.Combine(directory, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: [alerts.yml]
            scrape_configs:
              - job_name: bazaar-embedded
                static_configs:
                  - targets: ["{target.Authority}"]
                    labels:
                      app: all
            """);
        var port = BazaarProcess.FreePort();
        var info = new ProcessStartInfo("prometheus")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        foreach (var argument in new[]
        {
            "--config.file=prometheus.yml", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
        })
        {
            info.ArgumentList.Add(argument);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("prometheus did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}"));
        await Eventually.TrueAsync(async () =>
        {
            Assert.False(process.HasExited, "prometheus exited during start-up.");
            try
            {
                return (await server.Http.GetAsync("/-/ready")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "prometheus to be ready");
        return server;
    }

    /// <summary>The result vector of an instant query.</summary>
    public async Task<IReadOnlyList<JsonElement>> QueryAsync(string promQl)
    {
        var body = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/query?query={Uri.EscapeDataString(promQl)}");
        Assert.Equal("success", body.GetProperty("status").GetString());
        return [.. body.GetProperty("data").GetProperty("result").EnumerateArray()];
    }

    public async Task<ISet<string>> MetricNamesAsync()
    {
        var body = await Http.GetFromJsonAsync<JsonElement>("/api/v1/label/__name__/values");
        return body.GetProperty("data").EnumerateArray().Select(n => n.GetString()!).ToHashSet(StringComparer.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is under the temp directory.
        }
    }
}
