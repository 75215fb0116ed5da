using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Bazaar.IntegrationTests.Infrastructure;
using Xunit;

namespace Bazaar.IntegrationTests.Observability;

/// <summary>
/// Bazaar.Server as a child process on a free 127.0.0.1 port: metrics of hosts that share a test process share their
/// instruments, so what Prometheus scrapes must come from a process of its own.
/// </summary>
public sealed class BazaarProcess : ShopUnderTest
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "bazaar-tests", Guid.NewGuid().ToString("N"));
    private Process? _process;
    private int _port;

    public override Uri BaseAddress => new($"http://127.0.0.1:{_port}");

    public override string MailDirectory => Path.Combine(_dataDirectory, "mail");

    public override async Task InitializeAsync()
    {
        _port = FreePort();
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(typeof(Bazaar.Server.BazaarApp).Assembly.Location);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(BaseAddress.ToString().TrimEnd('/'));
        info.ArgumentList.Add($"--Bazaar:DataDirectory={_dataDirectory}");
        foreach (var (key, value) in BazaarHost.TestSettings.Where(kv => kv.Value is not null))
        {
            info.ArgumentList.Add($"--{key}={value}");
        }
        _process = Process.Start(info) ?? throw new InvalidOperationException("Bazaar.Server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = CreateClient();
        await Eventually.TrueAsync(async () =>
        {
            Assert.False(_process.HasExited, "Bazaar.Server exited during start-up.");
            try
            {
                return (await http.GetAsync($"/api/inventory/{DemoProducts.Last}")).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the server process to start and seed its catalog");
    }

    public override async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is under the temp directory.
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
