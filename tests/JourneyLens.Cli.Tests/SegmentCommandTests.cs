using System.Text.Json;
using JourneyLens.Testing;

namespace JourneyLens.Cli.Tests;

/// <summary>Named segments through the real command: saved once, used as @name by every command that takes a filter.</summary>
public class SegmentCommandTests
{
    private static string Workspace(TempFolder temp)
    {
        var ws = temp.File("ws");
        var csv = temp.Write("events.csv",
            "event_id,timestamp,customer_id,channel,touchpoint,persona",
            "1,2024-01-01T10:00:00Z,C1,web,home,family",
            "2,2024-01-01T10:05:00Z,C1,app,checkout,family",
            "3,2024-01-02T09:00:00Z,C2,web,home,business",
            "4,2024-01-02T09:01:00Z,C2,phone,call,business",
            "5,2024-01-03T12:00:00Z,C3,web,home,family",
            "6,2024-01-03T12:30:00Z,C3,phone,call,family");
        Cli.Run("import", csv, "-w", ws).ExitCode.ShouldBe(0);
        return ws;
    }

    private static long Persons(string json) => JsonDocument.Parse(json).RootElement.GetProperty("persons").GetInt64();

    [Fact]
    public void A_saved_segment_is_used_by_name_in_every_filter_option()
    {
        using var temp = new TempFolder();
        var ws = Workspace(temp);

        var save = Cli.Run("segment", "save", "family", "prop.persona = 'family'", "--description", "Families with children", "-w", ws);
        save.ExitCode.ShouldBe(0, save.Error);
        save.Error.ShouldContain("--segment @family");
        Cli.Run("segment", "save", "callers", "channel = 'phone'", "-w", ws).ExitCode.ShouldBe(0);

        // "@family" is the segment, not a response file of further arguments.
        Persons(Cli.Run("stats", "--segment", "@family", "-w", ws, "-f", "json").Out).ShouldBe(2);
        Persons(Cli.Run("stats", "--where", "@callers", "-w", ws, "-f", "json").Out).ShouldBe(2);

        // Breakdown groups and compare's sides are named by the segment's name.
        var paths = Cli.Run("paths", "--by-segment", "@family", "--by-segment", "@callers", "-w", ws, "-f", "csv");
        paths.ExitCode.ShouldBe(0, paths.Error);
        paths.Out.ShouldContain("@family,");
        paths.Out.ShouldContain("@callers,");

        var list = Cli.Run("segment", "list", "-w", ws, "-f", "json");
        list.ExitCode.ShouldBe(0, list.Error);
        var rows = JsonDocument.Parse(list.Out).RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("persons").GetInt64());
        rows.ShouldBe(new Dictionary<string, long> { ["callers"] = 2, ["family"] = 2 });
        Cli.Run("segment", "list", "-w", ws).Out.ShouldContain("Families with children");

        // Saving again under the same name replaces it.
        Cli.Run("segment", "save", "family", "prop.persona = 'business'", "-w", ws).ExitCode.ShouldBe(0);
        Persons(Cli.Run("stats", "--segment", "@family", "-w", ws, "-f", "json").Out).ShouldBe(1);

        Cli.Run("segment", "delete", "family", "-w", ws).ExitCode.ShouldBe(0);
        var gone = Cli.Run("stats", "--segment", "@family", "-w", ws);
        gone.ExitCode.ShouldBe(ExitCode.BadUsage);
        gone.Error.ShouldContain("no saved segment named 'family'; saved: @callers");
        gone.Error.ShouldNotContain("   at ");
    }

    [Theory]
    [InlineData("Family Travellers", "prop.persona = 'family'", "segment name 'Family Travellers'")]
    [InlineData("../escape", "prop.persona = 'family'", "segment name '../escape'")]
    [InlineData("family", "persona = family", "a property is written prop.persona")]
    [InlineData("family", "prop.persona = family", "text is written in single quotes: 'family'")]
    [InlineData("family", "@other", "not another segment's name")]
    public void A_bad_name_or_filter_is_refused_with_the_reason_and_nothing_is_saved(string name, string filter, string reason)
    {
        using var temp = new TempFolder();
        var ws = Workspace(temp);

        var result = Cli.Run("segment", "save", name, filter, "-w", ws);

        result.ExitCode.ShouldNotBe(0);
        result.Error.ShouldContain(reason);
        result.Error.ShouldNotContain("   at ");
        File.Exists(Path.Combine(ws, "segments.json")).ShouldBeFalse();
    }

    [Fact]
    public void Values_lists_what_a_field_takes_with_persons_and_events_each()
    {
        using var temp = new TempFolder();
        var ws = Workspace(temp);

        var values = Cli.Run("values", "channel", "-w", ws, "-f", "csv");
        values.ExitCode.ShouldBe(0, values.Error);
        values.Out.ShouldBe("value,persons,events\nweb,3,3\nphone,2,2\napp,1,1\n");

        Cli.Run("values", "prop.persona", "--segment", "channel = 'phone'", "-w", ws, "-f", "csv").Out.ShouldBe("value,persons,events\nbusiness,1,2\nfamily,1,2\n");
        var bad = Cli.Run("values", "persona", "-w", ws);
        bad.ExitCode.ShouldBe(ExitCode.BadUsage);
        bad.Error.ShouldContain("expected channel, touchpoint, outcome, score_type or prop.NAME");
    }
}
