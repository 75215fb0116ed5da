using Bazaar.BuildingBlocks.Hosting;
using Bazaar.Server.Bench;

namespace Bazaar.Server;

/// <summary>Builds the one Bazaar process: the chosen services on shared hosting defaults.</summary>
public static class BazaarApp
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The services <c>all</c> hosts: the whole shop in one process.</summary>
    public static IReadOnlyList<ServiceModule> EmbeddedModules { get; } =
    [
        Identity.IdentityModule.Module,
        Catalog.CatalogModule.Module,
        Inventory.InventoryModule.Module,
        Cart.CartModule.Module,
        Ordering.OrderingModule.Module,
        Payment.PaymentModule.Module,
        Notification.NotificationModule.Module,
        Analytics.AnalyticsModule.Module,
        Web.WebModule.Module,
    ];

    /// <summary>Every service the binary can host; the gateway only makes sense in front of services in other processes, so <c>all</c> leaves it out.</summary>
    public static IReadOnlyList<ServiceModule> AllModules { get; } = [.. EmbeddedModules, Gateway.GatewayModule.Module];

    /// <summary>Builds and prepares the app; <c>configure</c> adds registrations after the services' own (tests add probes there).</summary>
    public static async Task<WebApplication> CreateAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        // Settings files sit beside the binary; relative paths such as the data directory stay relative to where Bazaar is started.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--services"] = "Bazaar:Services" });
        if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var modules = SelectModules(builder.Configuration["Bazaar:Services"]);
        builder.AddBazaarDefaults([.. modules.Select(m => m.Name)]);
        foreach (var module in modules)
        {
            module.Register(builder);
        }
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseBazaarDefaults();
        foreach (var module in modules)
        {
            module.UseMiddleware?.Invoke(app);
        }
        foreach (var module in modules)
        {
            module.MapEndpoints(app);
        }
        app.MapBenchPing();
        if (!modules.Any(m => m.Name == "web") && app.DocsEnabled())
        {
            app.MapGet("/", () => TypedResults.Redirect("/docs")).ExcludeFromDescription();
        }

        // Each module migrates and seeds its own database, so they start side by side; on another thread each,
        // because SQLite's async calls complete synchronously and would otherwise run one after another.
        await Task.WhenAll(modules.Select(module => Task.Run(() => module.Initialize(app.Services, cancellationToken), cancellationToken)));
        return app;
    }

    public static IReadOnlyList<ServiceModule> SelectModules(string? services)
    {
        if (string.IsNullOrWhiteSpace(services) || services.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return EmbeddedModules;
        }

        var names = services.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = names.Where(n => !AllModules.Any(m => m.Name.Equals(n, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"Unknown service(s): {string.Join(", ", unknown)}. Known: all, {string.Join(", ", AllModules.Select(m => m.Name))}.");
        }
        return AllModules.Where(m => names.Contains(m.Name, StringComparer.OrdinalIgnoreCase)).ToList();
    }
}
