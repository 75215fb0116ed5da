using System.Diagnostics;
using System.Globalization;
using Xunit;

namespace Bazaar.DistributedTests.Infrastructure;

/// <summary>
/// A real <c>nats-server -js</c> on free 127.0.0.1 ports with a throw-away store, stopped after the tests: one node, or
/// with <c>nodes: 3</c> a JetStream cluster (routes between the nodes on loopback) that keeps streams with three replicas.
/// A machine without nats-server fails the tests: skipping would report a distributed shape nobody ran.
/// </summary>
public sealed class NatsServer : IAsyncLifetime
{
    private readonly string _storeDirectory = Path.Combine(Path.GetTempPath(), "bazaar-nats-tests", Guid.NewGuid().ToString("N"));
    private readonly int _nodes;
    private readonly Process?[] _processes;
    private readonly int[] _ports;
    private readonly int[] _clusterPorts;

    /// <summary>One node (xunit builds fixtures through their one public constructor).</summary>
    public NatsServer() : this(nodes: 1)
    {
    }

    private NatsServer(int nodes)
    {
        _nodes = nodes;
        _processes = new Process?[nodes];
        _ports = new int[nodes];
        _clusterPorts = new int[nodes];
    }

    /// <summary>A JetStream cluster of <paramref name="nodes"/> nodes.</summary>
    public static NatsServer Cluster(int nodes) => new(nodes);

    /// <summary>The first node's client port.</summary>
    public int Port => _ports[0];

    /// <summary>Every node's URL, comma-separated, as NATS clients take a cluster's seed list.</summary>
    public string Url => string.Join(",", _ports.Select(p => $"nats://127.0.0.1:{p}"));

    public int Nodes => _nodes;

    /// <summary>A node's name in the cluster (as JetStream reports stream leaders).</summary>
    public static string NodeName(int node) => $"n{node + 1}";

    public async Task InitializeAsync()
    {
        for (var node = 0; node < _nodes; node++)
        {
            _ports[node] = LocalServer.FreePort();
            _clusterPorts[node] = LocalServer.FreePort();
            Directory.CreateDirectory(Path.Combine(_storeDirectory, NodeName(node)));
        }
        await StartAsync();
    }

    /// <summary>Stops every node as a crash or an outage would (SIGKILL); their stores stay for <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        for (var node = 0; node < _nodes; node++)
        {
            await StopNodeAsync(node);
        }
    }

    /// <summary>Starts every node on its ports with its store, as after an outage.</summary>
    public Task StartAsync() => Task.WhenAll(Enumerable.Range(0, _nodes).Select(StartNodeAsync));

    /// <summary>Kills one node with SIGKILL; the cluster goes on without it.</summary>
    public async Task StopNodeAsync(int node)
    {
        await LocalServer.KillAsync(_processes[node]);
        _processes[node] = null;
    }

    public async Task StartNodeAsync(int node)
    {
        var port = _ports[node].ToString(CultureInfo.InvariantCulture);
        List<string> args = ["-js", "-a", "127.0.0.1", "-p", port, "-sd", Path.Combine(_storeDirectory, NodeName(node)), "-n", NodeName(node)];
        if (_nodes > 1)
        {
            var routes = string.Join(",", _clusterPorts.Where((_, other) => other != node).Select(p => $"nats://127.0.0.1:{p}"));
            args.AddRange(["--cluster_name", "bazaar", "--cluster", $"nats://127.0.0.1:{_clusterPorts[node]}", "--routes", routes]);
        }
        _processes[node] = await LocalServer.StartAsync(LocalServer.Find("nats-server"), _ports[node], [.. args]);
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
}

/// <summary>One broker for the whole run; tests keep apart by using streams and consumers of their own.</summary>
[CollectionDefinition(Name)]
public sealed class NatsCollection : ICollectionFixture<NatsServer>
{
    public const string Name = "nats";
}
