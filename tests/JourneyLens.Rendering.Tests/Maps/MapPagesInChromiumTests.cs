using JourneyLens.Core.Catalogue;
using JourneyLens.Maps.Binding;
using JourneyLens.Rendering.Maps;

namespace JourneyLens.Rendering.Tests.Maps;

/// <summary>The HTML map page as people see it in headless Chromium, at a desktop and a phone width; screenshots saved.</summary>
public class MapPagesInChromiumTests
{
    private const string Layout = """
        () => {
          const cells = [...document.querySelectorAll('svg g.cell')];
          let spill = 0;
          for (const cell of cells) {
            const box = cell.querySelector('rect').getBoundingClientRect();
            for (const t of cell.querySelectorAll('text')) {
              const r = t.getBoundingClientRect();
              if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) spill++;
            }
          }
          const scroller = document.querySelector('.map .scroll');
          const panels = [...document.querySelectorAll('.compare section')].map(s => s.getBoundingClientRect());
          return [cells.length, spill, document.documentElement.scrollWidth, window.innerWidth, scroller.scrollWidth, scroller.clientWidth,
                  panels.length === 2 ? panels[1].top - panels[0].top : -1, document.querySelectorAll('script').length];
        }
        """;

    [Theory]
    [InlineData(1440)]
    [InlineData(390)]
    public async Task The_map_page_keeps_text_in_its_cells_and_scrolls_the_map_not_the_page(int width)
    {
        var page = MapPage.Render(SampleMaps.Bound(SampleMaps.Read("airline-door-to-door.yaml")), DateTimeOffset.UnixEpoch);
        await using var browser = await HeadlessBrowser.Launch();
        var tab = await browser.Page(width);
        await tab.SetContentAsync(page);

        var m = await tab.EvaluateAsync<double[]>(Layout);

        m[0].ShouldBeGreaterThan(50);
        m[1].ShouldBe(0, "text runs out of its cell");
        m[2].ShouldBeLessThanOrEqualTo(m[3], "the page itself must not scroll sideways; the map box does");
        m[4].ShouldBeGreaterThan(m[5], "eight steps of 200 px are wider than the box: it scrolls");
        m[7].ShouldBe(0);
        await Screenshot(tab, $"map-airline-{width}.png");
    }

    [Theory]
    [InlineData(1440)]
    [InlineData(390)]
    public async Task Current_and_future_state_stand_side_by_side_on_a_desktop_and_stack_on_a_phone(int width)
    {
        var current = SampleMaps.Bound(SampleMaps.Read("airline-door-to-door.yaml"));
        var future = MapBinder.Unbound(SampleMaps.Long(31), TouchpointCatalogue.Empty);
        await using var browser = await HeadlessBrowser.Launch();
        var tab = await browser.Page(width);
        await tab.SetContentAsync(MapPage.Render(future, DateTimeOffset.UnixEpoch, current));

        var m = await tab.EvaluateAsync<double[]>(Layout);

        m[1].ShouldBe(0, "text runs out of its cell");
        m[2].ShouldBeLessThanOrEqualTo(m[3]);
        if (width >= 1000)
        {
            m[6].ShouldBe(0, "side by side: the panels start at the same height");
        }
        else
        {
            m[6].ShouldBeGreaterThan(100, "stacked on a phone");
        }

        await Screenshot(tab, $"map-current-future-{width}.png");
    }

    private static async Task Screenshot(Microsoft.Playwright.IPage tab, string name)
    {
        var file = Path.Combine(HeadlessBrowser.ScreenshotFolder, name);
        await tab.ScreenshotAsync(new() { Path = file, FullPage = true });
        new FileInfo(file).Length.ShouldBeGreaterThan(10_000);
    }
}
