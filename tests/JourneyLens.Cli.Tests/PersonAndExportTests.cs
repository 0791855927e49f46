using System.Text.Json;
using JourneyLens.Testing;

namespace JourneyLens.Cli.Tests;

public class PersonAndExportTests
{
    private static string Workspace(TempFolder temp)
    {
        var ws = temp.File("ws");
        var web = temp.Write("web.jsonl",
            """{"type":"page","anonymousId":"anon-1","timestamp":"2024-03-01T09:00:00Z","properties":{"path":"/tariffs"}}""",
            """{"type":"identify","anonymousId":"anon-1","userId":"C42","timestamp":"2024-03-01T09:05:00Z"}""",
            """{"type":"track","userId":"C42","event":"Order placed","timestamp":"2024-03-01T09:06:00Z","properties":{"revenue":99.5}}""");
        var shared = temp.Write("shared-device.csv", "timestamp,customer_id,device_id,channel,touchpoint",
            "2024-03-02T10:00:00Z,C42,tablet-7,app,Opened app",
            "2024-03-02T11:00:00Z,C77,tablet-7,app,Opened app");
        var calls = temp.Write("calls.csv", "timestamp,customer_id,channel,touchpoint,score_type,score,about",
            "2024-05-20T14:00:00Z,C42,phone,Called support,,,",
            "2024-05-20T14:30:00Z,C42,email,Survey answered,nps,3,Called support");
        foreach (var file in new[] { web, shared, calls })
        {
            Cli.Run("import", file, "-w", ws).ExitCode.ShouldBe(0);
        }

        return ws;
    }

    [Fact]
    public void Person_shows_identifiers_merge_reasons_and_journeys()
    {
        using var temp = new TempFolder();
        var ws = Workspace(temp);

        var result = Cli.Run("person", "anon-1", "-w", ws, "-f", "json");

        result.ExitCode.ShouldBe(0, result.Error);
        using var doc = JsonDocument.Parse(result.Out);
        var root = doc.RootElement;
        root.GetProperty("key").GetString().ShouldBe("customer_id:C42"); // the anonymous id came first but is weak
        root.GetProperty("identifiers").GetArrayLength().ShouldBe(3); // anonymous id, customer id, tablet
        var decisions = root.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("decision").GetString()).ToList();
        decisions.ShouldContain("merged");
        decisions.ShouldContain("refused_unique"); // C77 on the same tablet is another customer
        var journeys = root.GetProperty("journeys");
        journeys.GetArrayLength().ShouldBe(2); // March, then a call 80 days later
        journeys[1].GetProperty("events")[1].GetProperty("score").GetString().ShouldBe("nps 3");

        var table = Cli.Run("person", "customer_id:C42", "-w", ws);
        table.Out.ShouldContain("refused: unique type");
        table.Out.ShouldContain("shared-device.csv:3");
    }

    [Fact]
    public void Export_writes_one_row_per_event_with_person_journey_and_properties()
    {
        using var temp = new TempFolder();
        var ws = Workspace(temp);

        var csv = Cli.Run("export", "-w", ws);

        csv.ExitCode.ShouldBe(0, csv.Error);
        var lines = csv.Out.TrimEnd('\n').Split('\n');
        lines[0].ShouldBe("event_id,timestamp,person_id,journey_id,channel,touchpoint,score_type,score,about,value,outcome,contact_id,path");
        lines.Length.ShouldBe(1 + 6);
        lines.ShouldContain(",2024-03-01T09:06:00.000Z,customer_id:C42,customer_id:C42#1,,Order placed,,,,99.5,,,");
        lines.ShouldContain(",2024-05-20T14:30:00.000Z,customer_id:C42,customer_id:C42#2,email,Survey answered,nps,3,Called support,,,,");

        var jsonl = Cli.Run("export", "-w", ws, "-f", "json", "-o", temp.File("out.jsonl"));
        jsonl.ExitCode.ShouldBe(0, jsonl.Error);
        var first = JsonDocument.Parse(File.ReadLines(temp.File("out.jsonl")).First()).RootElement;
        first.GetProperty("properties").GetProperty("path").GetString().ShouldBe("/tariffs");
    }

    [Fact]
    public void Export_carries_the_mapped_outcome()
    {
        using var temp = new TempFolder();
        var ws = temp.File("ws");
        var file = temp.Write("calls.csv", "customer_id,timestamp,touchpoint,result", "C1,2024-03-01T09:00:00Z,Called,solved", "C2,2024-03-01T10:00:00Z,Called,");
        Cli.Run("import", file, "--map", "outcome=result", "-w", ws).ExitCode.ShouldBe(0);

        var csv = Cli.Run("export", "-w", ws);
        var jsonl = Cli.Run("export", "-w", ws, "-f", "json");

        csv.Out.Split('\n')[0].ShouldContain(",value,outcome");
        csv.Out.ShouldContain(",Called,,,,,solved");
        jsonl.Out.ShouldContain("\"outcome\":\"solved\"");
        jsonl.Out.ShouldContain("\"outcome\":null");
    }
}
