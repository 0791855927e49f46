using System.Text.Json;
using JourneyLens.Testing;

namespace JourneyLens.Cli.Tests;

public class MapCommandTests
{
    [Theory]
    [InlineData("lifecycle")]
    [InlineData("buyer")]
    [InlineData("functional")]
    [InlineData("targets")]
    [InlineData("engagement")]
    [InlineData("activity")]
    [InlineData("goal")]
    [InlineData("blueprint")]
    public void Every_template_gives_a_map_that_validates(string template)
    {
        using var temp = new TempFolder();
        var file = temp.File($"{template}.yaml");

        Cli.Run("map", "new", "--template", template, "--id", "trip \"x\"", "-o", file).ExitCode.ShouldBe(0);
        var result = Cli.Run("map", "validate", file, "-w", temp.File("no-workspace"));

        result.ExitCode.ShouldBe(0, result.Out + result.Error);
        result.Error.ShouldContain("valid —");
        result.Error.ShouldContain("touchpoint bindings not checked");
    }

    [Fact]
    public void The_sample_map_binds_to_a_generated_airline_workspace_and_a_broken_map_names_its_lines()
    {
        using var temp = new TempFolder();
        var (data, ws) = (temp.File("airline.csv"), temp.File("ws"));
        Cli.Run("generate", "airline", "--customers", "2000", "--out", data).ExitCode.ShouldBe(0);
        Cli.Run("import", data, "-w", ws).ExitCode.ShouldBe(0);
        var sample = Path.Combine(TestFiles.RepositoryRoot, "samples", "maps", "airline-door-to-door.yaml");

        var ok = Cli.Run("map", "validate", sample, "-w", ws);
        ok.ExitCode.ShouldBe(0, ok.Out + ok.Error);
        ok.Error.ShouldContain("every bound touchpoint is in the workspace");

        var broken = temp.Write("broken.yaml", File.ReadAllText(sample).Replace("[Boarded, Flew]", "[Boarded, Flown]", StringComparison.Ordinal).Replace("phase: fly", "phase: flying", StringComparison.Ordinal));
        var result = Cli.Run("map", "validate", broken, "-w", ws, "-f", "json");
        result.ExitCode.ShouldBe(ExitCode.BadInput);
        var problems = JsonDocument.Parse(result.Out).RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("message").GetString()!).ToList();
        problems.ShouldContain("step 'fly': no touchpoint 'Flown' in the workspace (did you mean: Flew?)");
        problems.ShouldContain(p => p.StartsWith("step 'fly': no phase 'flying' in this map (did you mean: fly?)", StringComparison.Ordinal));
        result.Error.ShouldNotContain("   at ");
    }

    [Fact]
    public void A_map_draws_as_svg_html_and_mermaid_without_a_workspace_and_a_broken_map_stops_bind_with_its_lines()
    {
        using var temp = new TempFolder();
        var sample = Path.Combine(TestFiles.RepositoryRoot, "samples", "maps", "airline-door-to-door.yaml");
        var (svg, html, none) = (temp.File("map.svg"), temp.File("map.html"), temp.File("no-workspace"));

        Cli.Run("map", "render", sample, "-f", "svg", "-o", svg, "-w", none).ExitCode.ShouldBe(0);
        Cli.Run("map", "render", sample, "-o", html, "-w", none).ExitCode.ShouldBe(0);
        var mermaid = Cli.Run("map", "render", sample, "-f", "mermaid", "-w", none);

        System.Xml.Linq.XElement.Load(svg).Value.ShouldContain("Waits for the bags");
        File.ReadAllText(html).ShouldStartWith("<!DOCTYPE html>");
        File.ReadAllText(html).ShouldContain("not bound to data");
        mermaid.Out.ShouldStartWith("journey\n    title Flying door to door");
        Cli.Run("map", "render", sample, "-f", "csv", "-w", none).ExitCode.ShouldBe(ExitCode.BadUsage);

        var (data, ws) = (temp.File("airline.csv"), temp.File("ws"));
        Cli.Run("generate", "airline", "--customers", "500", "--out", data).ExitCode.ShouldBe(0);
        Cli.Run("import", data, "-w", ws).ExitCode.ShouldBe(0);
        var broken = temp.Write("broken.yaml", File.ReadAllText(sample).Replace("[Boarded, Flew]", "[Boarded, Flown]", StringComparison.Ordinal));
        var bind = Cli.Run("map", "bind", broken, "-w", ws);
        bind.ExitCode.ShouldBe(ExitCode.BadInput);
        bind.Error.ShouldContain("broken.yaml, line 72, column 28, touchpoints: step 'fly': no touchpoint 'Flown' in the workspace (did you mean: Flew?)");
        bind.Error.ShouldNotContain("   at ");
        var yaml = temp.Write("syntax.yaml", "id: x\ntitle: [unclosed\n");
        Cli.Run("map", "bind", yaml, "-w", ws).Error.ShouldContain("syntax.yaml, line");
    }
}
