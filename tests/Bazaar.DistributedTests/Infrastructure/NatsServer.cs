using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace Bazaar.DistributedTests.Infrastructure;

/// <summary>
/// A real <c>nats-server -js</c> on a free 127.0.0.1 port with a throw-away store, stopped after the tests.
/// A machine without nats-server fails the tests: skipping would report a distributed shape nobody ran.
/// </summary>
public sealed class NatsServer : IAsyncLifetime
{
    private static readonly string[] Candidates = ["/usr/bin/nats-server", "/usr/sbin/nats-server", "/usr/local/bin/nats-server"];

    private readonly string _storeDirectory = Path.Combine(Path.GetTempPath(), "bazaar-nats-tests", Guid.NewGuid().ToString("N"));
    private Process? _process;

    public int Port { get; private set; }

    public string Url => $"nats://127.0.0.1:{Port}";

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_storeDirectory);
        Port = FreePort();
        return StartAsync();
    }

    /// <summary>Stops the broker as a crash or an outage would (SIGKILL); its store stays for <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    /// <summary>Starts the broker on its port with its store, as after an outage.</summary>
    public async Task StartAsync()
    {
        var binary = Candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nats-server is not installed (apt-get install -y nats-server); the distributed tests need it.");
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-js", "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-sd", _storeDirectory })
        {
            start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {binary}.");
        // Drain its output so a chatty server never blocks on a full pipe.
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nats-server exited at start with code {_process.ExitCode}.");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_storeDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is under the temp directory.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One broker for the whole run; tests keep apart by using streams and consumers of their own.</summary>
[CollectionDefinition(Name)]
public sealed class NatsCollection : ICollectionFixture<NatsServer>
{
    public const string Name = "nats";
}
