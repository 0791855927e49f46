using JourneyLens.Core.Analyses;
using JourneyLens.Core.Events;
using JourneyLens.Core.Experience;
using JourneyLens.Core.Statistics;
using JourneyLens.Testing;

namespace JourneyLens.Rendering.Tests;

/// <summary>
/// The pictures opened as a person sees them, in headless Chromium: each is drawn, its text stays inside the picture,
/// process-map boxes do not overlap, and a screenshot is saved next to the test binaries (screenshots/).
/// </summary>
public class PicturesInChromiumTests
{
    private static ProcessEdge Edge(string from, string to, long frequency) => new(from, to, frequency, frequency, new DurationStats(90, 60, 1, 600, 300));

    private static readonly ProcessMapResult Map = new(100,
        [.. new[] { "Searched flights", "Compared fares", "Managed booking", "Booked flight", "Paid", "Left without booking <b>" }.Select((n, i) => new ProcessNode(n, 100 - (i * 10)))],
        [Edge("Searched flights", "Compared fares", 50), Edge("Searched flights", "Managed booking", 30), Edge("Managed booking", "Searched flights", 30),
         Edge("Compared fares", "Booked flight", 30), Edge("Searched flights", "Booked flight", 10), Edge("Booked flight", "Paid", 40),
         Edge("Compared fares", "Left without booking <b>", 20), Edge("Searched flights", "Left without booking <b>", 40)],
        new Dictionary<string, long> { ["Searched flights"] = 100 },
        new Dictionary<string, long> { ["Paid"] = 40, ["Left without booking <b>"] = 60 });

    private static ScoreFigure Nps(double value, long n) => new(ScoreType.Nps, n, value, value - 5, value + 5, n < 30);

    public static TheoryData<string> Pictures => ["process-map", "scores", "switching", "funnel"];

    private static string Render(string picture) => picture switch
    {
        "process-map" => ProcessMapChart.Render(Map, EdgeLabel.Duration),
        "scores" => ScoreLineChart.Render(new ScoresResult(30, [Nps(-11, 5000)],
            [new SubjectScores("Booked flight", 0, [Nps(10, 2500)]), new SubjectScores("Flew", 1, [Nps(9, 2000)]), new SubjectScores("Collected baggage", 2, [Nps(-82, 1300)]), new SubjectScores("Complained", 3, [Nps(-60, 12)])])),
        "switching" => SwitchingHeatMap.Render(new SwitchingResult(10, 2,
            [new ChannelSwitch("web", "web", 90, 0.9), new ChannelSwitch("web", "phone", 10, 0.1), new ChannelSwitch("app", "phone", 5, 1.0)], [], [], [])),
        _ => FunnelChart.Render(new FunnelResult(FunnelOrder.Ordered, FunnelUnit.Persons, 100,
            [new FunnelStepResult("Added to cart", 100, 1, 1, 0, null, null), new FunnelStepResult("Paid order", 56, 0.56, 0.56, 44, 600, 900)])),
    };

    [Theory]
    [MemberData(nameof(Pictures))]
    public async Task Each_picture_draws_with_its_text_inside_and_is_saved(string picture)
    {
        await using var browser = await HeadlessBrowser.Launch();
        var page = await browser.Page(1440);
        await page.SetContentAsync($"<!doctype html><html><body style=\"margin:0\">{Render(picture)}</body></html>");

        var check = await page.EvaluateAsync<double[]>("""
            () => {
              const svg = document.querySelector('svg').getBoundingClientRect();
              const texts = [...document.querySelectorAll('svg text')].map(t => t.getBoundingClientRect());
              const outside = texts.filter(r => r.left < svg.left - 1 || r.right > svg.right + 1 || r.top < svg.top - 1 || r.bottom > svg.bottom + 1).length;
              const boxes = [...document.querySelectorAll('g.node rect')].map(r => r.getBoundingClientRect());
              let overlaps = 0;
              for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
                const a = boxes[i], b = boxes[j];
                if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps++;
              }
              return [svg.width, svg.height, texts.length, outside, overlaps, document.querySelectorAll('svg script, body > script').length];
            }
            """);

        check[0].ShouldBeGreaterThan(100);
        check[1].ShouldBeGreaterThan(100);
        check[2].ShouldBeGreaterThan(2);
        check[3].ShouldBe(0, "text drawn outside the picture");
        check[4].ShouldBe(0, "process-map boxes overlap");
        check[5].ShouldBe(0);
        var file = Path.Combine(HeadlessBrowser.ScreenshotFolder, $"{picture}.png");
        await page.Locator("svg").ScreenshotAsync(new() { Path = file });
        new FileInfo(file).Length.ShouldBeGreaterThan(2_000);
    }
}
