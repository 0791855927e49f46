using System.Text.Json;
using JourneyLens.Testing;

namespace JourneyLens.Cli.Tests;

public class ProcessMiningCommandTests
{
    [Fact]
    public void Process_map_and_variants_print_the_documented_json_with_pm4py_figures()
    {
        using var temp = new TempFolder();
        var ws = temp.File("ws");
        Cli.Run("import", TestFiles.Real("helpdesk.xes.gz"), "-w", ws).ExitCode.ShouldBe(0);
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestFiles.RealData, "expected", "helpdesk.json"))).RootElement;

        var map = Cli.Run("process-map", "-w", ws, "--journey-gap", "0", "--clock", "local", "-f", "json");

        map.ExitCode.ShouldBe(0, map.Error);
        var root = JsonDocument.Parse(map.Out).RootElement;
        var first = root.GetProperty("edges")[0];
        var top = expected.GetProperty("dfg")[0];
        (first.GetProperty("from").GetString(), first.GetProperty("to").GetString(), first.GetProperty("frequency").GetInt64())
            .ShouldBe((top[0].GetString(), top[1].GetString(), top[2].GetInt64()));
        first.GetProperty("duration").GetProperty("p90").ValueKind.ShouldBe(JsonValueKind.Number);
        first.GetProperty("cases").GetInt64().ShouldBeGreaterThan(0);
        root.GetProperty("start").GetProperty("Assign seriousness").GetInt64().ShouldBe(expected.GetProperty("start_activities").GetProperty("Assign seriousness").GetInt64());

        var variants = Cli.Run("variants", "-w", ws, "--journey-gap", "0", "--top", "5", "-f", "json");

        variants.ExitCode.ShouldBe(0, variants.Error);
        var v = JsonDocument.Parse(variants.Out).RootElement;
        v.GetProperty("total").GetInt64().ShouldBe(4_580);
        v.GetProperty("distinct").GetInt64().ShouldBe(expected.GetProperty("variant_count").GetInt64());
        v.GetProperty("variants").GetArrayLength().ShouldBe(5);
        v.GetProperty("variants")[0].GetProperty("count").GetInt64().ShouldBe(expected.GetProperty("variants_top")[0][1].GetInt64());

        var csv = Cli.Run("variants", "-w", ws, "--journey-gap", "0", "--top", "2", "-f", "csv");
        csv.Out.Split('\n')[0].ShouldBe("#,journeys,share,mean duration s,mean NPS answer (0–10),sequence");
    }

    [Fact]
    public void Out_writes_the_answer_to_a_file_as_the_docs_show()
    {
        using var temp = new TempFolder();
        var events = temp.Write("events.csv", "event_id,timestamp,customer_id,channel,touchpoint",
            "e1,2024-01-01T10:00:00Z,C1,web,home", "e2,2024-01-01T10:01:00Z,C1,web,pricing");
        var svg = temp.File("map.svg");
        File.WriteAllText(svg, "an older map that must be replaced");

        var run = Cli.Run("process-map", "--input", events, "--format", "svg", "--out", svg);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldBeEmpty();
        var written = File.ReadAllText(svg);
        written.ShouldStartWith("<svg");
        written.ShouldContain("pricing");
        Directory.GetFiles(Path.GetDirectoryName(svg)!, "*.partial").ShouldBeEmpty();

        var missing = Cli.Run("paths", "--input", events, "--out", temp.File("no-such-folder/paths.txt"));
        missing.ExitCode.ShouldBe(2);
        missing.Error.ShouldContain("no-such-folder");
        missing.Error.ShouldNotContain("   at ");
    }
}
