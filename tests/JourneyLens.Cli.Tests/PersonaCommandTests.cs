using System.Text.Json;
using JourneyLens.Testing;

namespace JourneyLens.Cli.Tests;

/// <summary>Personas through the real command: a map about one is bound to its segment; others' emotion lines beside it.</summary>
public class PersonaCommandTests
{
    private static string Workspace(TempFolder temp)
    {
        var ws = temp.File("ws");
        var csv = temp.Write("events.csv",
            "event_id,timestamp,customer_id,channel,touchpoint,persona,score_type,score",
            "1,2024-01-01T10:00:00Z,C1,web,Searched,family,,",
            "2,2024-01-01T10:05:00Z,C1,web,Booked,family,,",
            "3,2024-01-01T10:06:00Z,C1,web,Booked,family,nps,9",
            "4,2024-01-02T09:00:00Z,C2,web,Searched,business,,",
            "5,2024-01-02T09:01:00Z,C2,web,Booked,business,,",
            "6,2024-01-02T09:02:00Z,C2,web,Booked,business,nps,2",
            "7,2024-01-03T12:00:00Z,C3,web,Searched,family,,");
        Cli.Run("import", csv, "-w", ws).ExitCode.ShouldBe(0);
        File.WriteAllText(Path.Combine(temp.Path, "map.yaml"), """
            # The family's trip
            id: trip
            title: Trip
            actor: {name: Family, persona: family}
            phases: [search, book]
            steps:
              - {id: search, phase: search, title: Searches, touchpoints: [Searched]}
              - {id: book, phase: book, title: Books, touchpoints: [Booked]}
            """);
        return ws;
    }

    [Fact]
    public void A_map_about_a_saved_persona_counts_only_its_persons_and_draws_other_personas_lines()
    {
        using var temp = new TempFolder();
        var ws = Workspace(temp);
        var map = Path.Combine(temp.Path, "map.yaml");

        // Not saved yet: over everyone, and said.
        var everyone = Cli.Run("map", "bind", map, "-w", ws, "-f", "json");
        everyone.ExitCode.ShouldBe(0, everyone.Error);
        JsonDocument.Parse(everyone.Out).RootElement.GetProperty("persons").GetInt64().ShouldBe(3);
        everyone.Out.ShouldContain("persona 'family' is not saved");

        var save = Cli.Run("persona", "save", "family", "--segment", "prop.persona = 'family'", "--title", "Family traveller", "--goal", "A relaxed trip", "--goal", "No surprises", "-w", ws);
        save.ExitCode.ShouldBe(0, save.Error);
        Cli.Run("segment", "save", "suits", "prop.persona = 'business'", "-w", ws).ExitCode.ShouldBe(0);
        Cli.Run("persona", "save", "business", "--segment", "@suits", "-w", ws).ExitCode.ShouldBe(0);

        var bound = Cli.Run("map", "bind", map, "--personas", "business", "-w", ws, "-f", "json");
        bound.ExitCode.ShouldBe(0, bound.Error);
        var root = JsonDocument.Parse(bound.Out).RootElement;
        root.GetProperty("persons").GetInt64().ShouldBe(2);
        root.GetProperty("persona").GetProperty("segment").GetString().ShouldBe("prop.persona = 'family'");
        var line = root.GetProperty("persona_lines").EnumerateArray().Single();
        (line.GetProperty("name").GetString(), line.GetProperty("persons").GetInt64()).ShouldBe(("business", 1));
        Cli.Run("map", "bind", map, "--personas", "business", "-w", ws, "-f", "csv").Out.ShouldContain("emotion: business");

        var list = Cli.Run("persona", "list", "-w", ws, "-f", "json");
        list.ExitCode.ShouldBe(0, list.Error);
        var rows = JsonDocument.Parse(list.Out).RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("persons").GetInt64());
        rows.ShouldBe(new Dictionary<string, long> { ["business"] = 1, ["family"] = 2 });

        // A persona whose saved segment is gone: the map says so instead of failing.
        Cli.Run("segment", "delete", "suits", "-w", ws).ExitCode.ShouldBe(0);
        Cli.Run("map", "bind", map, "-w", ws, "-f", "json").Out.ShouldContain("persona 'business': its segment does not resolve");
    }

    [Fact]
    public void Bad_personas_are_refused_in_words_without_a_stack_trace()
    {
        using var temp = new TempFolder();
        var ws = Workspace(temp);
        var map = Path.Combine(temp.Path, "map.yaml");

        foreach (var (args, said) in new (string[], string)[]
        {
            (["persona", "save", "x y", "--segment", "channel = 'web'"], "persona name 'x y'"),
            (["persona", "save", "x", "--segment", "persona = family"], "a property is written prop.persona"),
            (["persona", "save", "x", "--segment", "@nothing"], "no saved segment named 'nothing'"),
            (["persona", "delete", "nobody"], "no persona named 'nobody'"),
            (["map", "bind", map, "--personas", "ghost"], "--personas ghost: no saved persona"),
        })
        {
            var result = Cli.Run([.. args, "-w", ws]);
            result.ExitCode.ShouldNotBe(0, string.Join(' ', args));
            result.Error.ShouldContain(said);
            result.Error.ShouldNotContain("   at ");
        }
    }
}
