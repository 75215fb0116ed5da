using System.Globalization;
using System.Net;
using Bazaar.IntegrationTests.Infrastructure;
using Bazaar.Invariants;
using Bazaar.PostgresTests.Infrastructure;
using Xunit;

namespace Bazaar.DistributedTests.Infrastructure;

/// <summary>
/// The distributed shape, as <c>deploy/local/up.sh</c> runs it: a throw-away PostgreSQL, NATS JetStream and Redis, every
/// service a <c>Bazaar.Server --services &lt;name&gt;</c> process of its own, and the gateway in front as the one public
/// address. With <c>replicas: 2</c>, ordering, inventory and payment run twice, sharing their database and consumers.
/// </summary>
public class DistributedShop : ShopUnderTest
{
    public static readonly string[] Services = ["identity", "catalog", "inventory", "cart", "ordering", "payment", "notification", "analytics"];

    /// <summary>The services a test may run more than one replica of.</summary>
    public static readonly string[] Scalable = ["ordering", "inventory", "payment"];

    private readonly string _root = Path.Combine(Path.GetTempPath(), "bazaar-distributed", Guid.NewGuid().ToString("N")[..12]);
    private readonly List<ServiceProcess> _processes = [];
    private readonly int _replicas;
    private Dictionary<string, string?> _gatewaySettings = [];
    private Dictionary<string, string?> _engines = [];

    public DistributedShop() : this(replicas: 1)
    {
    }

    protected DistributedShop(int replicas, int natsNodes = 1)
    {
        _replicas = replicas;
        Nats = natsNodes == 1 ? new NatsServer() : NatsServer.Cluster(natsNodes);
    }

    public PostgresServer Postgres { get; private set; } = null!;

    public NatsServer Nats { get; }

    public RedisServer Redis { get; } = new();

    public ServiceProcess Gateway { get; private set; } = null!;

    public IReadOnlyList<ServiceProcess> Processes => _processes;

    public override Uri BaseAddress => Gateway.Url;

    public override string MailDirectory => Path.Combine(Replicas("notification")[0].DataDirectory, "mail");

    public IReadOnlyList<ServiceProcess> Replicas(string service) => _processes.Where(p => p.Service == service).ToList();

    public override async Task InitializeAsync()
    {
        Postgres = await PostgresServer.StartAsync();
        await Nats.InitializeAsync();
        await Redis.InitializeAsync();

        var engines = _engines = new Dictionary<string, string?>(BazaarHost.TestSettings)
        {
            ["Bazaar:Database:Provider"] = "postgres",
            ["Bazaar:Database:Postgres:Host"] = Postgres.Host,
            ["Bazaar:Database:Postgres:Port"] = Postgres.Port.ToString(CultureInfo.InvariantCulture),
            ["Bazaar:Database:Postgres:Username"] = PostgresServer.Username,
            ["Bazaar:Database:Postgres:SslMode"] = "Disable",
            ["Bazaar:Messaging:Transport"] = "nats",
            ["Bazaar:Messaging:Nats:Url"] = Nats.Url,
            // Every stream on every node of a cluster, so losing one node loses nothing acknowledged.
            ["Bazaar:Messaging:Nats:Replicas"] = Nats.Nodes.ToString(CultureInfo.InvariantCulture),
            ["Bazaar:Redis:Configuration"] = Redis.Configuration,
            // Deliveries lost with a killed process come back within seconds rather than the default half minute.
            ["Bazaar:Messaging:Nats:AckWait"] = "00:00:05",
            // Each request's start in the log, with the trace it belongs to, as an operator would read it.
            ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
            ["Logging:Console:FormatterName"] = "simple",
            ["Logging:Console:FormatterOptions:IncludeScopes"] = "true",
        };
        foreach (var service in Services)
        {
            var count = Scalable.Contains(service) ? _replicas : 1;
            for (var replica = 1; replica <= count; replica++)
            {
                var name = count == 1 ? service : $"{service}-{replica}";
                _processes.Add(new ServiceProcess(service, name, Path.Combine(_root, name), engines));
            }
        }

        var identity = Replicas("identity")[0].Url.ToString();
        _gatewaySettings = new Dictionary<string, string?>(BazaarHost.TestSettings)
        {
            ["Bazaar:Auth:Authority"] = identity,
            ["Bazaar:Redis:Configuration"] = Redis.Configuration,
            // One client IP (127.0.0.1) plays every shopper here: the edge limits have their own tests.
            ["Bazaar:Gateway:RateLimits:Anonymous:PermitLimit"] = "1000000",
            ["Bazaar:Gateway:RateLimits:Authenticated:PermitLimit"] = "1000000",
            ["Bazaar:Gateway:RateLimits:Login:PermitLimit"] = "1000000",
        };
        foreach (var service in Services)
        {
            _gatewaySettings[$"Bazaar:Endpoints:{service}"] = Replicas(service)[0].Url.ToString();
        }
        Gateway = new ServiceProcess("gateway", "gateway", Path.Combine(_root, "gateway"), _gatewaySettings);

        foreach (var process in _processes)
        {
            process.Start(new Dictionary<string, string?>
            {
                ["Bazaar:Auth:Authority"] = process.Service == "identity" ? null : identity,
                ["Bazaar:Endpoints:catalog"] = Replicas("catalog")[0].Url.ToString(),
                ["Bazaar:Endpoints:cart"] = Replicas("cart")[0].Url.ToString(),
                ["Bazaar:Notification:PublicUrl"] = Gateway.Url.ToString(),
            });
        }
        Gateway.Start();
        await Task.WhenAll(_processes.Append(Gateway).Select(p => p.WaitUntilReadyAsync(TimeSpan.FromMinutes(3))));

        // Catalog's seed reaches inventory through JetStream; scenarios start once it has.
        using var http = CreateClient();
        await Eventually.TrueAsync(async () => (await http.GetAsync($"/api/inventory/{DemoProducts.Last}")).StatusCode == HttpStatusCode.OK,
            "the demo catalog reaches inventory");
    }

    /// <summary>The invariant checker over every service's PostgreSQL database and the JetStream streams.</summary>
    public InvariantChecker Invariants() => new(ShopDatabases.From(_engines), Nats.Url);

    /// <summary>Another gateway in front of the same services, with settings of its own (a test's own rate limits); the caller disposes it.</summary>
    public async Task<ServiceProcess> StartGatewayAsync(Dictionary<string, string?> settings)
    {
        var gateway = new ServiceProcess("gateway", "gateway-" + Guid.NewGuid().ToString("N")[..6], Path.Combine(_root, "gateways", Guid.NewGuid().ToString("N")), _gatewaySettings);
        gateway.Start(settings);
        await gateway.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
        return gateway;
    }

    /// <summary>The storefront as a process of its own, reaching the shop through the gateway only; the caller disposes it.</summary>
    public async Task<ServiceProcess> StartWebAsync()
    {
        var web = new ServiceProcess("web", "web-" + Guid.NewGuid().ToString("N")[..6], Path.Combine(_root, "web", Guid.NewGuid().ToString("N")), new Dictionary<string, string?>(BazaarHost.TestSettings)
        {
            ["Bazaar:Web:ApiUrl"] = Gateway.Url.ToString(),
            // Sign-in cookies are protected with keys every web replica shares.
            ["Bazaar:Redis:Configuration"] = Redis.Configuration,
        });
        web.Start();
        await web.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
        return web;
    }

    public override async Task DisposeAsync()
    {
        foreach (var process in _processes.Append(Gateway).OfType<ServiceProcess>())
        {
            await process.DisposeAsync();
        }
        await Nats.DisposeAsync();
        await Redis.DisposeAsync();
        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }
        if (Environment.GetEnvironmentVariable("BAZAAR_KEEP_TEST_LOGS") == "1")
        {
            // Every process's console log stays under this folder for a look after a failure.
            return;
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is under the temp directory.
        }
    }
}

/// <summary>Ordering, inventory and payment twice each, for the scale-out and fault tests.</summary>
public sealed class ScaledOutShop() : DistributedShop(replicas: 2);

/// <summary>The shop on a three-node JetStream cluster, its streams replicated to all three.</summary>
public sealed class ClusteredShop() : DistributedShop(replicas: 1, natsNodes: 3);

/// <summary>One distributed shop for the scenarios shared with the embedded shape.</summary>
[CollectionDefinition(Name)]
public sealed class DistributedShopCollection : ICollectionFixture<DistributedShop>
{
    public const string Name = "distributed shop";
}

/// <summary>A shop on a NATS cluster whose nodes the tests kill.</summary>
[CollectionDefinition(Name)]
public sealed class ClusteredShopCollection : ICollectionFixture<ClusteredShop>
{
    public const string Name = "clustered shop";
}

/// <summary>A scaled-out shop the fault tests break and mend one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ScaledOutShopCollection : ICollectionFixture<ScaledOutShop>
{
    public const string Name = "scaled-out shop";
}
