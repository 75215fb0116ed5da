using System.Diagnostics;
using Xunit;

namespace Bazaar.DistributedTests.Infrastructure;

/// <summary>
/// A real <c>nats-server -js</c> on a free 127.0.0.1 port with a throw-away store, stopped after the tests.
/// A machine without nats-server fails the tests: skipping would report a distributed shape nobody ran.
/// </summary>
public sealed class NatsServer : IAsyncLifetime
{
    private readonly string _storeDirectory = Path.Combine(Path.GetTempPath(), "bazaar-nats-tests", Guid.NewGuid().ToString("N"));
    private Process? _process;

    public int Port { get; private set; }

    public string Url => $"nats://127.0.0.1:{Port}";

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_storeDirectory);
        Port = LocalServer.FreePort();
        return StartAsync();
    }

    /// <summary>Stops the broker as a crash or an outage would (SIGKILL); its store stays for <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        await LocalServer.KillAsync(_process);
        _process = null;
    }

    /// <summary>Starts the broker on its port with its store, as after an outage.</summary>
    public async Task StartAsync() =>
        _process = await LocalServer.StartAsync(LocalServer.Find("nats-server"), Port,
            "-js", "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-sd", _storeDirectory);

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
}

/// <summary>One broker for the whole run; tests keep apart by using streams and consumers of their own.</summary>
[CollectionDefinition(Name)]
public sealed class NatsCollection : ICollectionFixture<NatsServer>
{
    public const string Name = "nats";
}
