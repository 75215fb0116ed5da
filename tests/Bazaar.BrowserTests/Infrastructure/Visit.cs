using Microsoft.Playwright;

namespace Bazaar.BrowserTests.Infrastructure;

/// <summary>One visitor's browser tab. Disposing it saves a screenshot of the last page under the test output folder.</summary>
public sealed class Visit(string name, IBrowserContext context, IPage page) : IAsyncDisposable
{
    /// <summary>Where screenshots go: <c>BAZAAR_SCREENSHOTS</c>, else <c>screenshots/</c> beside the test binaries.</summary>
    public static string ScreenshotFolder { get; } =
        Environment.GetEnvironmentVariable("BAZAAR_SCREENSHOTS") is { Length: > 0 } folder ? folder : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public IPage Page => page;

    public Task ScreenshotAsync(string suffix) => SaveAsync($"{name}-{suffix}");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await SaveAsync(name);
        }
        finally
        {
            await context.DisposeAsync();
        }
    }

    private async Task SaveAsync(string file)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, file + ".png"), FullPage = true });
    }
}
