using Microsoft.Playwright;

namespace JourneyLens.Rendering.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright, headless, with the flags this machine's closed network needs. test.sh
/// installs chromium; without it these tests fail (they are never skipped). CHROMIUM_PATH overrides the location.
/// </summary>
public sealed class HeadlessBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private HeadlessBrowser(IPlaywright playwright, IBrowser browser) => (_playwright, Browser) = (playwright, browser);

    public IBrowser Browser { get; }

    /// <summary>Where the tests put their screenshots (kept after the run, for people to look at).</summary>
    public static string ScreenshotFolder => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public static async Task<HeadlessBrowser> Launch()
    {
        var path = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Chromium not found at {path}: run the tests with `bash test.sh`, which installs it (apt-get install chromium)");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        return new HeadlessBrowser(playwright, browser);
    }

    /// <summary>A page of the given width; requests leaving the machine are aborted so a page cannot depend on them.</summary>
    public async Task<IPage> Page(int width, int height = 900)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        await page.RouteAsync(url => !url.StartsWith("http://127.0.0.1", StringComparison.Ordinal) && !url.StartsWith("data:", StringComparison.Ordinal) && !url.StartsWith("about:", StringComparison.Ordinal),
            route => route.AbortAsync());
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
