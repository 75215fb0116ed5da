using System.Diagnostics;
using StackExchange.Redis;
using Xunit;

namespace Bazaar.DistributedTests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> on a free 127.0.0.1 port, keeping nothing on disk, stopped after the tests.
/// A machine without redis-server fails the tests: skipping would report a distributed shape nobody ran.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
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
        Directory.CreateDirectory(_directory);
        Port = LocalServer.FreePort();
        await StartAsync();
        _client = await ConnectionMultiplexer.ConnectAsync(Configuration);
    }

    /// <summary>Stops the server as a crash would (SIGKILL); it keeps nothing, so it comes back empty.</summary>
    public async Task StopAsync()
    {
        await LocalServer.KillAsync(_process);
        _process = null;
    }

    /// <summary>Starts the server on its port, as after an outage.</summary>
    public async Task StartAsync() =>
        _process = await LocalServer.StartAsync(LocalServer.Find("redis-server"), Port,
            "--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no",
            "--dir", _directory, "--daemonize", "no");

    /// <summary>Keys under a prefix; fine for a test's few hundred keys (SCAN under the hood).</summary>
    public IReadOnlyList<string> Keys(string prefix) => [.. Server.Keys(pattern: prefix + "*").Select(k => (string)k!)];

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
        await LocalServer.KillAsync(_process);
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
