using System.Text.Json;
using JourneyLens.Testing;

namespace JourneyLens.Cli.Tests;

public class PathsCommandTests
{
    [Fact]
    public void The_paths_into_a_phone_call_show_the_failed_online_check_in()
    {
        using var temp = new TempFolder();
        var data = temp.File("airline.csv");
        var ws = temp.File("ws");
        Cli.Run("generate", "airline", "--customers", "6000", "--out", data).ExitCode.ShouldBe(0);
        Cli.Run("import", data, "-w", ws).ExitCode.ShouldBe(0);

        var result = Cli.Run("paths", "-w", ws, "--end", "Called contact centre", "--steps", "3", "-f", "json");

        result.ExitCode.ShouldBe(0, result.Error);
        var root = JsonDocument.Parse(result.Out).RootElement;
        var paths = root.GetProperty("paths").EnumerateArray().ToList();
        paths.ShouldNotBeEmpty();
        paths.ShouldAllBe(p => p.GetProperty("steps").EnumerateArray().Any(s => s.GetString() == "Online check-in failed"));
        paths.Sum(p => p.GetProperty("journeys").GetInt64()).ShouldBe(root.GetProperty("journeys").GetInt64());
        var sankey = root.GetProperty("sankey");
        sankey.GetProperty("edges").EnumerateArray().ShouldContain(e => e.GetProperty("to").GetString() == "(end)");
        sankey.GetProperty("nodes").EnumerateArray().Where(n => n.GetProperty("column").GetInt32() == 0).Sum(n => n.GetProperty("journeys").GetInt64())
            .ShouldBe(root.GetProperty("journeys").GetInt64());
    }

    [Fact]
    public void Paths_and_funnels_draw_pictures_and_other_commands_say_they_have_none()
    {
        using var temp = new TempFolder();
        var ws = temp.File("ws");
        Cli.Run("import", TestFiles.Real("running-example.xes"), "-w", ws).ExitCode.ShouldBe(0);
        var svg = System.Xml.Linq.XNamespace.Get("http://www.w3.org/2000/svg");

        var sankey = Cli.Run("paths", "-w", ws, "--journey-gap", "0", "-f", "svg");
        sankey.ExitCode.ShouldBe(0, sankey.Error);
        var picture = System.Xml.Linq.XDocument.Parse(sankey.Out);
        picture.Descendants(svg + "rect").ShouldNotBeEmpty();
        picture.Descendants(svg + "text").Select(t => t.Value).ShouldContain(t => t.StartsWith("register request", StringComparison.Ordinal));

        var funnel = Cli.Run("funnel", "-w", ws, "--step", "register request", "--step", "decide", "-f", "svg");
        funnel.ExitCode.ShouldBe(0, funnel.Error);
        System.Xml.Linq.XDocument.Parse(funnel.Out).Descendants(svg + "rect").Count().ShouldBe(4); // a track and a bar per step

        var none = Cli.Run("stats", "-w", ws, "-f", "svg");
        none.ExitCode.ShouldBe(ExitCode.BadUsage);
        none.Error.ShouldContain("--format svg is available for paths");
    }
}
