using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;
using Xunit;

namespace Bazaar.DistributedTests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> on a free 127.0.0.1 port, keeping nothing on disk, stopped after the tests.
/// A machine without redis-server fails the tests: skipping would report a distributed shape nobody ran.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private static readonly string[] Candidates = ["/usr/bin/redis-server", "/usr/sbin/redis-server", "/usr/local/bin/redis-server"];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "bazaar-redis-tests", Guid.NewGuid().ToString("N"));
    private Process? _process;
    private ConnectionMultiplexer? _client;

    public int Port { get; private set; }

    /// <summary>What <c>Bazaar:Redis:Configuration</c> is set to.</summary>
    public string Configuration => $"127.0.0.1:{Port},abortConnect=false";

    /// <summary>The tests' own connection, to look at what the hosts stored.</summary>
    public IDatabase Database => _client!.GetDatabase();

    public IServer Server => _client!.GetServer("127.0.0.1", Port);

    public async Task InitializeAsync()
    {
        var binary = Candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not installed (apt-get install -y redis-server); the distributed tests need it.");
        Directory.CreateDirectory(_directory);
        Port = FreePort();
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no", "--dir", _directory, "--daemonize", "no" })
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
                throw new InvalidOperationException($"redis-server exited at start with code {_process.ExitCode}.");
            }
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
        _client = await ConnectionMultiplexer.ConnectAsync(Configuration);
    }

    /// <summary>Keys under a prefix; fine for a test's few hundred keys (SCAN under the hood).</summary>
    public IReadOnlyList<string> Keys(string prefix) => [.. Server.Keys(pattern: prefix + "*").Select(k => (string)k!)];

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
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
