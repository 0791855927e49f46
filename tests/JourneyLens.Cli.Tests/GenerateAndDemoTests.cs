using System.Text.Json;
using JourneyLens.Testing;

namespace JourneyLens.Cli.Tests;

public class GenerateAndDemoTests
{
    [Fact]
    public void Generate_writes_data_and_truth_that_import_with_no_flags()
    {
        using var temp = new TempFolder();
        var data = temp.File("webshop.jsonl");
        var truth = temp.File("truth.json");

        var generate = Cli.Run("generate", "webshop", "--customers", "500", "--seed", "3", "--format", "jsonl", "--out", data, "--truth", truth);
        generate.ExitCode.ShouldBe(0, generate.Error);
        generate.Error.ShouldContain("500 customers");

        using var doc = JsonDocument.Parse(File.ReadAllText(truth));
        doc.RootElement.GetProperty("scenario").GetString().ShouldBe("webshop");
        doc.RootElement.GetProperty("effects").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ShouldContain("failed_delivery_repeat_contact");

        var import = Cli.Run("import", data, "-w", temp.File("ws"), "-f", "json");
        import.ExitCode.ShouldBe(0, import.Error);
        using var summary = JsonDocument.Parse(import.Out);
        summary.RootElement.GetProperty("quarantined").GetInt64().ShouldBe(0);
        summary.RootElement.GetProperty("persons_after").GetInt64().ShouldBe(500); // every fragment of a customer is stitched
    }

    [Fact]
    public void Demo_builds_a_workspace_and_prints_the_overview()
    {
        using var temp = new TempFolder();
        var ws = temp.File("demo");

        var demo = Cli.Run("demo", "--customers", "300", "--no-serve", "-w", ws);

        demo.ExitCode.ShouldBe(0, demo.Error);
        demo.Out.ShouldContain("persons");
        demo.Out.ShouldContain("airport");
        File.Exists(Path.Combine(ws, "workspace.db")).ShouldBeTrue();
        File.ReadAllText(Path.Combine(ws, "report.html")).ShouldContain("Journey map: Flying door to door");
        Cli.Run("map", "list", "-w", ws).Out.ShouldContain("airline-door-to-door");

        var again = Cli.Run("demo", "--customers", "300", "--no-serve", "-w", ws);
        again.Error.ShouldContain("0 events imported");
    }

    [Fact]
    public void An_unknown_scenario_is_bad_input()
    {
        var result = Cli.Run("generate", "bank");

        result.ExitCode.ShouldBe(ExitCode.BadInput);
        result.Error.ShouldContain("choose airline, hotel, webshop, telecom");
    }
}
