using AngleSharp.Html.Parser;
using JourneyLens.Rendering.Tests;
using JourneyLens.Testing;

namespace JourneyLens.Cli.Tests;

/// <summary>The report through the real command on generated airline data: every section, self-contained, and as it looks in Chromium.</summary>
public class ReportCommandTests : IClassFixture<ExperienceCommandTests.Airline>
{
    private static readonly string Sample = Path.Combine(TestFiles.RepositoryRoot, "samples", "maps", "airline-door-to-door.yaml");
    private readonly ExperienceCommandTests.Airline _airline;

    public ReportCommandTests(ExperienceCommandTests.Airline airline) => _airline = airline;

    private string Report(TempFolder temp)
    {
        var file = temp.File("report.html");
        var result = Cli.Run("report", "--out", file, "--goal", "Booked flight", "--map", Sample, "-w", _airline.Workspace);
        result.ExitCode.ShouldBe(0, result.Error);
        result.Error.ShouldContain("11 sections");
        return file;
    }

    [Fact]
    public void The_report_holds_every_analysis_and_the_map_and_asks_for_nothing_outside()
    {
        using var temp = new TempFolder();
        var document = new HtmlParser().ParseDocument(File.ReadAllText(Report(temp)));

        document.QuerySelectorAll("section[id]").Select(s => s.Id).ShouldBe(
            ["overview", "paths", "funnel", "process-map", "scores", "switching", "importance", "handoffs", "painpoints", "opportunities", "map-1"]);
        document.QuerySelectorAll("nav a").Length.ShouldBe(11);
        document.QuerySelectorAll("svg").Length.ShouldBeGreaterThanOrEqualTo(6, "Sankey, funnel, process map, score line, heat map and the map");
        document.QuerySelectorAll("script, link, img, iframe, object").Length.ShouldBe(0);
        document.All.Where(e => e.HasAttribute("src")).ShouldBeEmpty();
        document.All.Where(e => e.GetAttribute("href") is { } href && !href.StartsWith('#')).ShouldBeEmpty();
        document.QuerySelector("#importance")!.TextContent.ShouldContain("Compared fares");
        document.QuerySelector("#funnel")!.TextContent.ShouldContain("Books and pays", Case.Sensitive, "the funnel runs along the map's steps");
        document.QuerySelector("#opportunities")!.TextContent.ShouldContain("Make online check-in work for families with bags");
        document.QuerySelector("#map-1 svg")!.TextContent.ShouldContain("Waits for the bags");
        document.QuerySelector("#painpoints")!.TextContent.ShouldContain("Managed booking");
    }

    [Theory]
    [InlineData(1440)]
    [InlineData(390)]
    public async Task The_report_reads_at_desktop_and_phone_width_without_a_request_leaving_the_page(int width)
    {
        using var temp = new TempFolder();
        var file = Report(temp);
        await using var browser = await HeadlessBrowser.Launch();
        var page = await browser.Page(width);
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        await page.SetContentAsync(await File.ReadAllTextAsync(file));

        var m = await page.EvaluateAsync<double[]>("() => [document.documentElement.scrollWidth, window.innerWidth, document.querySelectorAll('section').length, document.body.innerText.length]");

        requests.ShouldBeEmpty("a self-contained report fetches nothing");
        m[0].ShouldBeLessThanOrEqualTo(m[1], "wide tables and pictures scroll in their boxes, not the page");
        m[2].ShouldBeGreaterThanOrEqualTo(11);
        m[3].ShouldBeGreaterThan(5_000);
        var shot = Path.Combine(HeadlessBrowser.ScreenshotFolder, $"report-{width}.png");
        await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
        new FileInfo(shot).Length.ShouldBeGreaterThan(50_000);
    }
}
