using System.Text.Json;
using JourneyLens.Rendering.Tests;
using JourneyLens.Web.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Playwright;

namespace JourneyLens.Web.Tests;

/// <summary>
/// Every page checked by axe-core (injected from npm's copy) at desktop and phone widths: no serious or critical
/// violation of WCAG 2.1 A/AA or axe's best practices — contrast, names of controls, landmarks, keyboard reach.
/// </summary>
public sealed class AccessibilityTests(DemoWorkspace demo) : IClassFixture<DemoWorkspace>, IAsyncLifetime
{
    public static readonly string[] Pages =
    [
        "/", "/trend", "/paths", "/funnel?step=Searched+flights&step=Booked+flight&window=7d", "/process-map", "/variants", "/scores", "/lowpoints",
        "/switching", "/attribution?goal=Booked+flight", "/handoffs", "/consistency?task=Searched+flights%3EBooked+flight", "/compare?metric=nps&baseline-to=2025-04-01&current-from=2025-04-01",
        "/measurements", "/maps", "/maps/airline-door-to-door", "/maps/airline-door-to-door/edit", "/painpoints", "/opportunities", "/opportunities/board", "/segments", "/views",
        "/import", "/person?id=anon-1-1", "/no-such-page", "/personas", "/maps/new", "/maps/airline-door-to-door/about",
        "/maps/airline-door-to-door/item?list=steps&item=book", "/pain-persons?map=airline-door-to-door&pain=slow-belt", "/persons?where=touchpoint+%3D+%27Paid%27", "/opportunities/board?columns=owner", "/maps/airline-door-to-door/item?list=opportunities&step=book", "/maps/airline-door-to-door?personas=family&personas=business",
    ];

    private IHost _server = null!;
    private HeadlessBrowser _browser = null!;
    private string _url = "";

    public async Task InitializeAsync()
    {
        (_server, _url) = await WebServer.StartOnFreePortAsync(new WebSettings { Workspace = demo.Path });
        _browser = await HeadlessBrowser.Launch();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _server.StopAsync();
        _server.Dispose();
    }

    [Theory]
    [InlineData(1440)]
    [InlineData(390)]
    public async Task No_page_has_a_serious_or_critical_accessibility_violation(int width)
    {
        // The pages allow no inline script (Content-Security-Policy): this test's own context may inject axe all the same.
        var page = await _browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 }, BypassCSP = true });
        var found = new List<string>();
        foreach (var path in Pages)
        {
            await page.GotoAsync(_url + path);
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = Path.Combine(AppContext.BaseDirectory, "axe.min.js") });
            var json = await page.EvaluateAsync<string>(
                """
                async () => JSON.stringify((await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }))
                  .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                  .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary) })))
                """);
            foreach (var v in JsonDocument.Parse(json).RootElement.EnumerateArray())
            {
                found.Add($"{path} [{v.GetProperty("impact").GetString()}] {v.GetProperty("id").GetString()}: {v.GetProperty("help").GetString()}\n      "
                    + string.Join("\n      ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()!.ReplaceLineEndings(" "))));
            }
        }

        found.ShouldBeEmpty(string.Join("\n", found));
    }
}
