using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Hosting;

[Collection(SharedHostCollection.Name)]
public sealed class HealthAndMetricsTests(BazaarHost host)
{
    private static readonly string[] Databases =
        ["identity-database", "catalog-database", "inventory-database", "cart-database", "ordering-database", "payment-database", "notification-database"];

    [Fact]
    public async Task Health_answers_healthy_with_a_check_of_every_services_database()
    {
        using var http = host.CreateClient();

        var health = await (await http.GetAsync("/health")).JsonAsync();

        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.Superset(Databases.ToHashSet(), CheckNames(health));
    }

    [Fact]
    public async Task Liveness_checks_only_the_process_and_readiness_checks_each_database()
    {
        using var http = host.CreateClient();

        var live = await (await http.GetAsync("/health/live")).JsonAsync();
        var ready = await (await http.GetAsync("/health/ready")).JsonAsync();

        Assert.Equal("Healthy", live.GetProperty("status").GetString());
        Assert.DoesNotContain(CheckNames(live), name => name.EndsWith("-database", StringComparison.Ordinal));
        Assert.NotEmpty(CheckNames(live));
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.Superset(Databases.ToHashSet(), CheckNames(ready));
        Assert.All(ready.GetProperty("checks").EnumerateArray(), c => Assert.Equal("Healthy", c.GetProperty("status").GetString()));
    }

    /// <summary>
    /// Runs on a server process of its own: hosts sharing the test process share their meters' instruments, and
    /// stopping any one of them ends those instruments in every other host's /metrics.
    /// </summary>
    [Fact]
    public async Task Metrics_count_http_requests_orders_placed_the_outbox_backlog_and_the_analytics_stream()
    {
        await using var server = await ServerProcess.StartAsync();
        using var http = server.CreateClient();
        var before = Sum(await ScrapeAsync(http), "bazaar_orders_placed");
        var username = MoreShop.UniqueWord("metrics");
        await (await http.PostAsJsonAsync("/api/users/register", new { username, email = $"{username}@example.com", password = "Correct-Horse-9" }))
            .EnsureStatusAsync(HttpStatusCode.Created);
        var login = await (await http.PostAsJsonAsync("/api/users/login", new { username, password = "Correct-Horse-9" })).JsonAsync();
        using var customer = server.CreateClient(login.GetProperty("accessToken").GetString());

        await customer.CheckoutAsync(items: new[] { new { productId = DemoProducts.Plentiful(56).Id, quantity = 1 } });

        var text = "";
        await Eventually.TrueAsync(async () =>
        {
            text = await ScrapeAsync(http);
            return Sum(text, "bazaar_orders_placed") >= before + 1 && text.Contains("bazaar_outbox_backlog", StringComparison.Ordinal)
                && Sum(text, "bazaar_analytics_events") >= 1;
        }, "the metrics to count the checkout and the analytics stream to checkpoint it");
        Assert.Contains("http_server_request_duration", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE bazaar_orders_placed", text, StringComparison.Ordinal);
        Assert.Contains("bazaar_events_published", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE bazaar_analytics_late_events", text, StringComparison.Ordinal);
    }

    private static async Task<string> ScrapeAsync(HttpClient http)
    {
        var response = await http.GetAsync("/metrics");
        await response.EnsureStatusAsync(HttpStatusCode.OK);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of every sample of a metric (all label sets), from Prometheus text.</summary>
    private static double Sum(string text, string metric)
    {
        var total = 0d;
        foreach (var line in text.Split('\n').Where(l => l.StartsWith(metric, StringComparison.Ordinal)))
        {
            var rest = line.Contains('}', StringComparison.Ordinal) ? line[(line.LastIndexOf('}') + 1)..] : line[line.IndexOf(' ', StringComparison.Ordinal)..];
            total += double.Parse(rest.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        return total;
    }

    private static HashSet<string> CheckNames(JsonElement health) =>
        health.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToHashSet();

    /// <summary>Bazaar.Server as a child process on a free port with a data directory of its own.</summary>
    private sealed class ServerProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _dataDirectory;

        private ServerProcess(Process process, Uri baseAddress, string dataDirectory)
        {
            _process = process;
            BaseAddress = baseAddress;
            _dataDirectory = dataDirectory;
        }

        public Uri BaseAddress { get; }

        public static async Task<ServerProcess> StartAsync()
        {
            int port;
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            var dataDirectory = Path.Combine(Path.GetTempPath(), "bazaar-tests", Guid.NewGuid().ToString("N"));
            var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            info.ArgumentList.Add(typeof(Bazaar.Server.BazaarApp).Assembly.Location);
            foreach (var arg in new[]
            {
                "--urls", $"http://127.0.0.1:{port}", $"--Bazaar:DataDirectory={dataDirectory}",
                $"--Bazaar:Admin:Email={BazaarHost.AdminEmail}", $"--Bazaar:Admin:Password={BazaarHost.AdminPassword}",
                "--Bazaar:Messaging:RelayPollInterval=00:00:00.200", "--Logging:LogLevel:Default=Warning",
            })
            {
                info.ArgumentList.Add(arg);
            }
            var process = Process.Start(info) ?? throw new InvalidOperationException("Bazaar.Server did not start.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"), dataDirectory);
            using var http = server.CreateClient();
            await Eventually.TrueAsync(async () =>
            {
                Assert.False(process.HasExited, "Bazaar.Server exited during start-up.");
                try
                {
                    return (await http.GetAsync($"/api/inventory/{DemoProducts.Last}")).StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, "the server process to start and seed its catalog", TimeSpan.FromSeconds(60));
            return server;
        }

        public HttpClient CreateClient(string? accessToken = null)
        {
            var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
            if (accessToken is not null)
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            }
            return http;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: the folder is under the temp directory.
            }
        }
    }
}
