using System.Text.Json;
using JourneyLens.Testing;

namespace JourneyLens.Cli.Tests;

/// <summary>Each sample map validates, binds to data of the scenario it was made for, and renders — through the real commands.</summary>
public class SampleMapTests
{
    [Theory]
    [InlineData("airline-door-to-door.yaml", "airline", "prop.persona = 'family'", "30")]
    [InlineData("hotel-business-stay.yaml", "hotel", "prop.persona = 'business traveller'", "30")]
    [InlineData("webshop-five-phases.yaml", "webshop", "prop.persona = 'bargain hunter'", "30")]
    [InlineData("telecom-subscription.yaml", "telecom", "prop.persona = 'switcher'", "60")]
    public void A_sample_map_binds_to_its_scenario_and_renders(string file, string scenario, string segment, string gap)
    {
        using var temp = new TempFolder();
        var (data, catalogue, ws) = (temp.File("data.csv"), temp.File("catalogue.yaml"), temp.File("ws"));
        var map = Path.Combine(TestFiles.RepositoryRoot, "samples", "maps", file);
        Cli.Run("generate", scenario, "--customers", "3000", "--out", data, "--catalogue", catalogue).ExitCode.ShouldBe(0);
        Cli.Run("import", data, "-w", ws).ExitCode.ShouldBe(0);
        Cli.Run("catalogue", "import", catalogue, "-w", ws).ExitCode.ShouldBe(0);

        var validate = Cli.Run("map", "validate", map, "-w", ws);
        validate.ExitCode.ShouldBe(0, validate.Out + validate.Error);
        var bind = Cli.Run("map", "bind", map, "--segment", segment, "--journey-gap", gap, "-w", ws, "-f", "json");
        bind.ExitCode.ShouldBe(0, bind.Error);
        var bound = JsonDocument.Parse(bind.Out).RootElement;
        var steps = bound.GetProperty("steps").EnumerateArray().ToList();
        var touchpointSteps = steps.Where(s => s.GetProperty("step").GetProperty("touchpoints").GetArrayLength() > 0).ToList();
        touchpointSteps.Where(s => s.TryGetProperty("unmeasured", out var _)).ShouldBeEmpty("every step bound to touchpoints has data");
        bound.GetProperty("coverage").GetDouble().ShouldBe((double)touchpointSteps.Count / steps.Count, 1e-9);
        steps.Where(s => s.TryGetProperty("drop_off", out var d) && d.GetProperty("value").GetDouble() >= 0.7).ShouldBeEmpty("along the persona's main line most journeys go on: the map fits its data");

        var html = temp.File("map.html");
        Cli.Run("map", "render", map, "--segment", segment, "-o", html, "-w", ws).ExitCode.ShouldBe(0);
        File.ReadAllText(html).ShouldContain("coverage");
    }
}
