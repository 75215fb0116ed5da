using System.Net;
using System.Net.Sockets;
using Bazaar.Server;
using Microsoft.AspNetCore.Builder;

namespace Bazaar.IntegrationTests.Infrastructure;

/// <summary>
/// The real Bazaar server on a real Kestrel port on 127.0.0.1, with its own data directory, torn down after
/// the tests that share it. Retry and sweep intervals are shortened so failures show up in seconds.
/// </summary>
public class BazaarHost : ShopUnderTest
{
    /// <summary>
    /// What every test shop runs with, whatever its shape: the admin account, and retry and sweep intervals short
    /// enough that failures show up in seconds.
    /// </summary>
    public static string WebhookSecret { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public static IReadOnlyDictionary<string, string?> TestSettings { get; } = new Dictionary<string, string?>
    {
        ["Bazaar:Admin:Email"] = AdminEmail,
        ["Bazaar:Admin:Password"] = AdminPassword,
        ["Bazaar:Messaging:RetryBaseDelay"] = "00:00:00.050",
        ["Bazaar:Messaging:MaxDeliveries"] = "4",
        ["Bazaar:Messaging:RelayPollInterval"] = "00:00:00.200",
        ["Bazaar:Notification:DispatchPollInterval"] = "00:00:00.100",
        ["Bazaar:Notification:RetryBaseDelay"] = "00:00:00.100",
        ["Bazaar:Ordering:DeadlineSweepInterval"] = "00:00:00.250",
        ["Bazaar:Inventory:ExpirySweepInterval"] = "00:00:00.250",
        ["Bazaar:Payment:GatewayRetryDelay"] = "00:00:00.010",
        // Windows of seconds, closed by clock ticks within a second or two of quiet, so results show up while a test waits.
        ["Bazaar:Analytics:WindowSize"] = "00:00:02",
        ["Bazaar:Analytics:SlidingViewSize"] = "00:00:10",
        ["Bazaar:Analytics:SlidingViewStep"] = "00:00:02",
        ["Bazaar:Analytics:AllowedLateness"] = "00:00:01",
        ["Bazaar:Analytics:CorrectionHorizon"] = "00:02:00",
        ["Bazaar:Analytics:ClockTickAfter"] = "00:00:01",
        ["Bazaar:Analytics:CheckpointInterval"] = "00:00:01",
        ["Bazaar:Analytics:LeaseDuration"] = "00:00:03",
        // Made up per run: the webhook tests sign their calls with it.
        ["Bazaar:Payment:WebhookSecret"] = WebhookSecret,
        // The API reference page, off by default outside Development, is part of what the tests look at.
        ["Bazaar:Docs:Enabled"] = "true",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "None",
        ["Logging:LogLevel:Bazaar"] = "Error",

    };

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<WebApplicationBuilder>? _configure;
    private int _port;

    public BazaarHost() : this([])
    {
    }

    protected BazaarHost(Dictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null)
    {
        _settings = new Dictionary<string, string?>(TestSettings);
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
        _configure = configure;
        DataDirectory = Path.Combine(Path.GetTempPath(), "bazaar-tests", Guid.NewGuid().ToString("N"));
    }

    /// <summary>A host of its own for a test that needs other settings; start it with <c>InitializeAsync</c>.</summary>
    public static BazaarHost With(Dictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null) => new(settings, configure);

    public string DataDirectory { get; }

    public override Uri BaseAddress => new($"http://127.0.0.1:{_port}");

    public WebApplication App { get; private set; } = null!;

    public IServiceProvider Services => App.Services;

    public override string MailDirectory => Path.Combine(DataDirectory, "mail");

    public override async Task InitializeAsync()
    {
        _port = FreePort();
        await StartAsync();
        // Catalog's seed reaches inventory and cart through the outbox; tests start once it has.
        var services = _settings.GetValueOrDefault("Bazaar:Services") ?? "all";
        if (services == "all" || (services.Contains("inventory", StringComparison.Ordinal) && services.Contains("catalog", StringComparison.Ordinal)))
        {
            using var http = CreateClient();
            await Eventually.TrueAsync(async () => (await http.GetAsync($"/api/inventory/{DemoProducts.Last}")).StatusCode == HttpStatusCode.OK,
                "the demo catalog reaches inventory");
        }
    }

    public async Task StartAsync()
    {
        var args = new List<string> { "--urls", BaseAddress.ToString().TrimEnd('/'), $"--Bazaar:DataDirectory={DataDirectory}" };
        args.AddRange(_settings.Where(kv => kv.Value is not null).Select(kv => $"--{kv.Key}={kv.Value}"));
        App = await BazaarApp.CreateAsync([.. args], _configure);
        await App.StartAsync();
    }

    public async Task StopAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
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
