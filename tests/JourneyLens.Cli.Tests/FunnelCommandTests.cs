using System.Text.Json;
using JourneyLens.Testing;

namespace JourneyLens.Cli.Tests;

public class FunnelCommandTests
{
    [Fact]
    public void The_funnel_finds_the_planted_checkout_drop_off_and_prints_the_documented_json()
    {
        using var temp = new TempFolder();
        var data = temp.File("webshop.csv");
        var ws = temp.File("ws");
        Cli.Run("generate", "webshop", "--customers", "8000", "--out", data).ExitCode.ShouldBe(0);
        Cli.Run("import", data, "-w", ws).ExitCode.ShouldBe(0);

        var result = Cli.Run("funnel", "-w", ws, "--step", "Added to cart", "--step", "Started checkout", "--step", "Paid order", "--window", "1d", "-f", "json");

        result.ExitCode.ShouldBe(0, result.Error);
        var steps = JsonDocument.Parse(result.Out).RootElement.GetProperty("steps");
        steps.GetArrayLength().ShouldBe(3);
        steps[0].GetProperty("conversion_from_first").GetDouble().ShouldBe(1.0);
        steps[1].GetProperty("conversion_from_previous").GetDouble().ShouldBe(0.80, 0.04); // planted: 80 % of carts reach checkout
        steps[2].GetProperty("conversion_from_previous").GetDouble().ShouldBe(0.70, 0.04); // planted: 70 % of checkouts are paid
        steps[2].GetProperty("median_seconds_from_previous").GetDouble().ShouldBeGreaterThan(0);
        (steps[1].GetProperty("count").GetInt64() + steps[1].GetProperty("drop_off").GetInt64()).ShouldBe(steps[0].GetProperty("count").GetInt64());
    }

    [Fact]
    public void Bad_funnels_are_refused_with_clear_messages()
    {
        using var temp = new TempFolder();
        var ws = temp.File("ws");
        Cli.Run("import", TestFiles.Real("running-example.xes"), "-w", ws).ExitCode.ShouldBe(0);

        var unknown = Cli.Run("funnel", "-w", ws, "--step", "register request", "--step", "decid");
        unknown.ExitCode.ShouldBe(ExitCode.BadInput);
        unknown.Error.ShouldContain("did you mean: decide");

        var window = Cli.Run("funnel", "-w", ws, "--step", "register request", "--window", "3 weeks");
        window.ExitCode.ShouldBe(ExitCode.BadUsage);
        window.Error.ShouldContain("expected a number with d, h, m or s");
    }
}
