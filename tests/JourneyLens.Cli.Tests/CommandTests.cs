using System.Text.Json;
using JourneyLens.Testing;

namespace JourneyLens.Cli.Tests;

public class CommandTests
{
    [Fact]
    public void Import_then_stats_shows_the_overview_in_every_format()
    {
        using var temp = new TempFolder();
        var ws = temp.File("ws");

        var import = Cli.Run("import", TestFiles.Real("running-example.xes"), "--workspace", ws);
        import.ExitCode.ShouldBe(ExitCode.Ok, import.Error);
        import.Out.ShouldContain("imported");

        var json = Cli.Run("stats", "--workspace", ws, "--format", "json");
        json.ExitCode.ShouldBe(0, json.Error);
        using var doc = JsonDocument.Parse(json.Out);
        doc.RootElement.GetProperty("persons").GetInt64().ShouldBe(6);
        doc.RootElement.GetProperty("events").GetInt64().ShouldBe(42);

        var csv = Cli.Run("stats", "-w", ws, "-f", "csv");
        csv.Out.ShouldContain("events,42");

        var table = Cli.Run("stats", "-w", ws);
        table.Out.ShouldContain("journeys");
        table.Out.ShouldContain("42");
    }

    [Fact]
    public void A_missing_file_is_bad_input_with_exit_code_1_and_no_stack_trace()
    {
        using var temp = new TempFolder();

        var result = Cli.Run("import", temp.File("nope.csv"), "-w", temp.File("ws"));

        result.ExitCode.ShouldBe(ExitCode.BadInput);
        result.Error.ShouldContain("nope.csv: file not found");
        result.Error.ShouldNotContain("   at ");
    }

    [Fact]
    public void A_file_of_which_no_row_imports_is_an_error_that_says_why_and_which_column_to_map()
    {
        using var temp = new TempFolder();
        var file = temp.Write("contacts.csv", "ContactDate;customer_id;Kanaal;Onderwerp", "2016-02-01;C1;3;Bill", "2016-02-02;C2;1;Late");

        var dryRun = Cli.Run("import", file, "--dry-run", "-w", temp.File("ws"), "-f", "json");
        var import = Cli.Run("import", file, "-w", temp.File("ws"));

        dryRun.ExitCode.ShouldBe(ExitCode.BadInput);
        dryRun.Out.ShouldContain("\"rejected\": [");
        dryRun.Out.ShouldContain("\"reason\": \"missing timestamp\"");
        import.ExitCode.ShouldBe(ExitCode.BadInput);
        import.Error.ShouldContain("no row of contacts.csv could be imported (2 rejected: missing timestamp (2))");
        import.Error.ShouldContain("--map timestamp=ContactDate");
        Cli.Run("import", file, "--map", "timestamp=ContactDate", "--map", "touchpoint=Onderwerp", "--timezone", "UTC", "-w", temp.File("ws")).ExitCode.ShouldBe(ExitCode.Ok);
    }

    [Fact]
    public void A_column_named_type_outside_Segment_data_is_an_ordinary_property()
    {
        using var temp = new TempFolder();
        var file = temp.Write("complaints.csv", "timestamp,customer_id,touchpoint,type",
            "2016-02-01T09:00:00Z,C1,complaint filed,billing", "2016-02-01T10:00:00Z,C2,complaint filed,delivery");
        var ws = temp.File("ws");

        var import = Cli.Run("import", file, "-w", ws, "-f", "json");

        import.ExitCode.ShouldBe(ExitCode.Ok, import.Error);
        import.Out.ShouldContain("\"accepted\": 2");
        var export = Cli.Run("export", "-w", ws, "-f", "json");
        export.Out.ShouldContain("\"properties\":{\"type\":\"billing\"}");
        export.Out.ShouldContain("\"properties\":{\"type\":\"delivery\"}");

        // Mapped on purpose, the column must hold Segment message types, and the hint says how to keep it as data.
        var strict = Cli.Run("import", file, "-w", temp.File("ws2"), "--map", "type=type", "-f", "json");
        strict.ExitCode.ShouldBe(ExitCode.BadInput);
        strict.Error.ShouldContain("unknown message type");
        var quarantined = string.Concat(Directory.GetFiles(Path.Combine(temp.File("ws2"), "quarantine"), "*.jsonl").Select(File.ReadAllText));
        quarantined.ShouldContain("--map property=type");
    }

    [Fact]
    public void The_import_summary_and_stats_count_the_same_persons()
    {
        using var temp = new TempFolder();
        var file = temp.Write("segment.jsonl",
            """{"type":"identify","userId":"U9","anonymousId":"A9","timestamp":"2024-01-01T00:00:00Z"}""",
            """{"type":"track","event":"home","userId":"U1","timestamp":"2024-01-01T00:00:00Z"}""",
            """{"type":"track","event":"home","anonymousId":"A2","timestamp":"2024-01-01T00:01:00Z"}""",
            """{"type":"identify","userId":"U2","anonymousId":"A2","timestamp":"2024-01-01T00:02:00Z"}""");
        var ws = temp.File("ws");

        var import = Cli.Run("import", file, "-w", ws, "-f", "json");

        import.ExitCode.ShouldBe(ExitCode.Ok, import.Error);
        // U9 only identified themselves and has no event: not a person with a journey, in either count.
        import.Out.ShouldContain("\"persons_after\": 2");
        Cli.Run("stats", "-w", ws, "-f", "csv").Out.ShouldContain("persons,2\n");
    }

    [Fact]
    public void Links_refused_at_the_identifier_cap_are_reported_with_the_persons()
    {
        using var temp = new TempFolder();
        // A kiosk's visitor id seen with 120 logins: the person stops at 100 identifiers and the other 21 links are refused.
        // Two customer ids on one visitor id: a unique-identifier conflict.
        var file = temp.Write("kiosk.csv", [
            "timestamp,anonymous_id,email,customer_id,touchpoint",
            .. Enumerable.Range(0, 120).Select(i => $"2024-01-01T10:{i / 60:00}:{i % 60:00}Z,kiosk,e{i}@x.nl,,login"),
            "2024-01-02T10:00:00Z,a9,,C1,home", "2024-01-02T10:01:00Z,a9,,C2,home"]);

        var import = Cli.Run("import", file, "-w", temp.File("ws"), "-f", "json");

        import.ExitCode.ShouldBe(ExitCode.Ok, import.Error);
        using var doc = JsonDocument.Parse(import.Out);
        var refused = doc.RootElement.GetProperty("refused_links");
        refused.GetProperty("at_cap").GetInt64().ShouldBe(21);
        refused.GetProperty("unique").GetInt64().ShouldBe(1);
        refused.GetProperty("capped_persons").GetInt64().ShouldBe(1);
        refused.GetProperty("largest_capped")[0].GetString().ShouldBe("email:e0@x.nl (100 identifiers)");
        Cli.Run("import", file, "-w", temp.File("ws2")).Out.ShouldContain("links refused at the cap");

        var input = Cli.Run("paths", "--input", file);
        input.ExitCode.ShouldBe(ExitCode.Ok, input.Error);
        input.Error.ShouldContain("21 identity links were refused at the identifier cap; 1 person was not merged further: email:e0@x.nl");
    }

    [Fact]
    public void A_date_column_and_a_time_column_make_one_timestamp()
    {
        using var temp = new TempFolder();
        // The bank call-centre shape: a YYMMDD date and an H:MM:SS time in columns of their own. The rows are out of
        // order within the day, so reading the date alone (every step at midnight) would put the journey wrong.
        var file = temp.Write("calls.csv", "vru_line,customer_id,date,vru_entry",
            "AA0101,C1,990101,13:34:12", "AA0202,C1,990101,0:00:31", "AA0303,C1,990101,");
        var ws = temp.File("ws");

        var import = Cli.Run("import", file, "-w", ws, "--map", "date=date", "--map", "time=vru_entry", "--map", "touchpoint=vru_line",
            "--timestamp-format", "yyMMdd H:mm:ss", "--timezone", "UTC", "-f", "json");

        import.ExitCode.ShouldBe(ExitCode.Ok, import.Error);
        import.Out.ShouldContain("\"accepted\": 2");
        import.Out.ShouldContain("\"quarantined\": 1"); // the empty time is the date alone, which this format does not take
        var export = Cli.Run("export", "-w", ws, "-f", "csv").Out;
        export.ShouldContain("1999-01-01T00:00:31.000Z,customer_id:C1,customer_id:C1#1,,AA0202");
        export.IndexOf("AA0202", StringComparison.Ordinal).ShouldBeLessThan(export.IndexOf("AA0101", StringComparison.Ordinal));
        export.ShouldContain("1999-01-01T13:34:12.000Z");

        var alone = Cli.Run("import", file, "-w", temp.File("ws2"), "--map", "time=vru_entry");
        alone.ExitCode.ShouldBe(ExitCode.BadInput);
        alone.Error.ShouldContain("--map date=COLUMN");
    }

    [Fact]
    public void Unknown_options_and_bad_map_entries_are_usage_errors()
    {
        using var temp = new TempFolder();
        var file = temp.Write("e.csv", "timestamp,customer_id,touchpoint", "2024-01-01T00:00:00Z,C1,home");

        Cli.Run("stats", "--no-such-option").ExitCode.ShouldBe(ExitCode.BadUsage);
        var map = Cli.Run("import", file, "-w", temp.File("ws"), "--map", "touchpoint");
        map.ExitCode.ShouldBe(ExitCode.BadUsage);
        map.Error.ShouldContain("expected field=column");
    }

    [Fact]
    public void Stats_on_a_folder_without_a_workspace_says_how_to_start()
    {
        using var temp = new TempFolder();

        var result = Cli.Run("stats", "-w", temp.File("empty"));

        result.ExitCode.ShouldBe(ExitCode.BadInput);
        result.Error.ShouldContain("journeylens import FILE");
    }

    [Fact]
    public void A_date_range_keeps_the_events_inside_it_before_journeys_are_cut()
    {
        using var temp = new TempFolder();
        var ws = temp.File("ws");
        Cli.Run("import", TestFiles.Real("running-example.xes"), "-w", ws).ExitCode.ShouldBe(0);
        var all = Cli.Run("export", "-w", ws).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => DateTimeOffset.Parse(line.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var (from, to) = (new DateTimeOffset(2011, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2011, 1, 7, 0, 0, 0, TimeSpan.Zero));

        var stats = Cli.Run("stats", "-w", ws, "--from", "2011-01-01", "--to", "2011-01-07", "-f", "json");

        stats.ExitCode.ShouldBe(0, stats.Error);
        JsonDocument.Parse(stats.Out).RootElement.GetProperty("events").GetInt64().ShouldBe(all.Count(t => t >= from && t < to));
        Cli.Run("stats", "-w", ws, "--from", "1 January").ExitCode.ShouldBe(ExitCode.BadUsage);
    }

    [Fact]
    public void A_segment_on_a_property_keeps_exactly_the_persons_of_that_persona()
    {
        using var temp = new TempFolder();
        var data = temp.File("airline.csv");
        var ws = temp.File("ws");
        Cli.Run("generate", "airline", "--customers", "3000", "--out", data).ExitCode.ShouldBe(0);
        Cli.Run("import", data, "-w", ws).ExitCode.ShouldBe(0);
        var families = File.ReadLines(data).Skip(1).Select(l => l.Split(',')).Where(f => f[13] == "family").Select(f => f[0].Split('-')[1]).Distinct().Count();

        var stats = Cli.Run("stats", "-w", ws, "--segment", "prop.persona = 'family'", "-f", "json");

        stats.ExitCode.ShouldBe(0, stats.Error);
        JsonDocument.Parse(stats.Out).RootElement.GetProperty("persons").GetInt64().ShouldBe(families);
        var bad = Cli.Run("stats", "-w", ws, "--where", "prop.persona = family");
        bad.ExitCode.ShouldBe(ExitCode.BadInput);
        bad.Error.ShouldContain("'family' where a value");
    }
}
