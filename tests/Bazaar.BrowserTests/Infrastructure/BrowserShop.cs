using Bazaar.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using Xunit;

namespace Bazaar.BrowserTests.Infrastructure;

/// <summary>
/// A running shop (embedded shape, real Kestrel on 127.0.0.1) and Debian's Chromium driven by Playwright, headless.
/// The browser path comes from <c>BAZAAR_CHROMIUM</c>, else <c>/usr/bin/chromium</c>.
/// </summary>
public class BrowserShop : IAsyncLifetime
{
    private readonly BazaarHost _host;

    private IPlaywright? _playwright;

    public BrowserShop() : this([], null)
    {
    }

    /// <summary>A shop with settings and registrations of a test's own, as <see cref="BazaarHost.With"/> takes them.</summary>
    protected BrowserShop(Dictionary<string, string?> settings, Action<WebApplicationBuilder>? configure) =>
        _host = BazaarHost.With(new Dictionary<string, string?>(settings)
        {
            // The tests browse over plain HTTP on loopback: the sign-in cookie cannot insist on HTTPS here.
            ["Bazaar:Web:SecureCookies"] = "false",
        }, configure);

    public BazaarHost Host => _host;

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress => _host.BaseAddress;

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("BAZAAR_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            // Containers and CI machines run as root, where Chromium's sandbox cannot start.
            Args = ["--no-sandbox"],
        });
    }

    /// <summary>A fresh visitor: their own cookies, at a desktop or a phone's width.</summary>
    public async Task<Visit> VisitAsync(string testName, bool phone = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = phone ? new ViewportSize { Width = 375, Height = 812 } : new ViewportSize { Width = 1440, Height = 900 },
            IsMobile = phone,
            HasTouch = phone,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        return new Visit(testName, context, page);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await _host.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserShop>
{
    public const string Name = "browser";
}
