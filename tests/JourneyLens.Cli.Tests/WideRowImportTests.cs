using System.Text;
using JourneyLens.Testing;

namespace JourneyLens.Cli.Tests;

/// <summary>Real-world export shapes (#20): wide rows with step or flag columns, a date plus an offset, coded values, recipes.</summary>
public class WideRowImportTests
{
    private static readonly string[] CallCentre =
    [
        "vru.line,call_id,customer_id,type,date,vru_entry,vru_exit,q_start,q_exit,ser_start,ser_exit,server",
        "AA0101,33116,9664491,PS,990101,0:00:31,0:00:36,0:00:36,0:03:09,0:03:09,0:06:25,MICHAL",
        // Hung up in the IVR: the queue and agent times are zero and make no events.
        "AA0101,33117,9664491,PS,990101,9:34:12,9:34:23,0:00:00,0:00:00,0:00:00,0:00:00,NO_SERVER",
        // Crosses midnight: the agent's end at 0:02:14 is on the next day.
        "AA0101,33118,27997683,NW,990101,23:55:12,23:55:29,23:55:29,23:59:01,23:59:01,0:02:14,BASCH",
    ];

    private static readonly string[] CallSteps =
    [
        "--map", "date=date", "--timestamp-format", "yyMMdd HH:mm:ss", "--timezone", "UTC", "--default-channel", "phone",
        "--step", "vru_entry=IVR", "--step", "q_start=Queue", "--step", "ser_start=Agent", "--step", "ser_exit=Call ended",
        "--map", "ignore=vru_exit", "--map", "ignore=q_exit",
    ];

    [Fact]
    public void A_call_centre_row_makes_one_event_per_step_in_order_across_midnight()
    {
        using var temp = new TempFolder();
        var file = temp.Write("calls.csv", CallCentre);
        var ws = temp.File("ws");

        var import = Cli.Run(["import", file, "-w", ws, "-f", "json", .. CallSteps]);

        import.ExitCode.ShouldBe(ExitCode.Ok, import.Error);
        import.Out.ShouldContain("\"accepted\": 9"); // 4 + 1 (IVR only) + 4
        var export = Cli.Run("export", "-w", ws, "-f", "csv").Out.Split('\n');
        string Line(string time) => export.Single(l => l.Contains($",{time},", StringComparison.Ordinal));
        Line("1999-01-01T00:00:31.000Z").ShouldContain(",phone,IVR,");
        Line("1999-01-01T00:06:25.000Z").ShouldContain(",phone,Call ended,");
        Line("1999-01-01T09:34:12.000Z").ShouldContain(",phone,IVR,");
        export.ShouldNotContain(l => l.Contains(",1999-01-01T00:00:00", StringComparison.Ordinal));
        Line("1999-01-02T00:02:14.000Z").ShouldContain("customer_id:27997683");
        Line("1999-01-02T00:02:14.000Z").ShouldContain(",Call ended,");
        // The row's other fields go on each of its events; the step and ignored columns do not.
        var header = export[0].Split(',');
        header.ShouldContain("server");
        header.ShouldNotContain("q_start");
        header.ShouldNotContain("vru_exit");
        Line("1999-01-01T00:03:09.000Z").ShouldContain("MICHAL");

        var again = Cli.Run(["import", file, "-w", ws, "-f", "json", .. CallSteps]);
        again.Out.ShouldContain("\"accepted\": 0");
        again.Out.ShouldContain("\"duplicates\": 9");
    }

    [Fact]
    public void The_steps_of_one_call_are_one_contact_in_repeat_contact_and_export()
    {
        using var temp = new TempFolder();
        // C1 calls twice in three days (the second time straight to an agent), C2 once: three calls, one repeated.
        var file = temp.Write("calls.csv",
            "vru.line,call_id,customer_id,type,date,vru_entry,vru_exit,q_start,q_exit,ser_start,ser_exit,server",
            "AA0101,1,C1,PS,990101,9:00:00,9:00:10,9:00:10,9:02:00,9:02:00,9:05:00,MICHAL",
            "AA0101,2,C1,PS,990103,10:00:00,10:00:10,0:00:00,0:00:00,10:00:10,10:04:00,MICHAL",
            "AA0101,3,C2,PS,990101,11:00:00,11:00:05,11:00:05,11:01:00,11:01:00,11:03:00,BASCH");
        var ws = temp.File("ws");
        Cli.Run(["import", file, "-w", ws, .. CallSteps]).ExitCode.ShouldBe(ExitCode.Ok);

        var switching = Cli.Run("switching", "-w", ws, "-f", "json");

        switching.ExitCode.ShouldBe(ExitCode.Ok, switching.Error);
        using var doc = System.Text.Json.JsonDocument.Parse(switching.Out);
        var repeat = doc.RootElement.GetProperty("repeat_contact").EnumerateArray().ToList();
        repeat.Count.ShouldBe(1, "the queue, agent and end of a call are not contacts of their own");
        repeat[0].GetProperty("touchpoint").GetString().ShouldBe("IVR");
        repeat[0].GetProperty("contacts").GetInt64().ShouldBe(3);
        repeat[0].GetProperty("repeated").GetInt64().ShouldBe(1);

        var export = Cli.Run("export", "-w", ws, "-f", "csv").Out.Split('\n');
        export[0].ShouldContain(",outcome,contact_id,");
        export.Count(l => l.Contains(",calls.csv:2,", StringComparison.Ordinal)).ShouldBe(4);

        // A mapped contact_id column names the contact instead.
        var named = temp.File("named");
        Cli.Run(["import", file, "-w", named, "--map", "contact_id=call_id", .. CallSteps]).ExitCode.ShouldBe(ExitCode.Ok);
        var contacts = Cli.Run("export", "-w", named, "-f", "csv").Out.Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[11]).ToList();
        contacts.ShouldBe(["1", "1", "1", "1", "2", "2", "2", "3", "3", "3", "3"], ignoreOrder: true);
        Cli.Run("switching", "-w", named, "-f", "json").Out.ShouldContain("\"contacts\": 3");
    }

    [Fact]
    public void A_bad_step_time_quarantines_its_whole_row_and_the_rest_load()
    {
        using var temp = new TempFolder();
        var file = temp.Write("calls.csv", [.. CallCentre, "AA0101,33119,555,PS,990102,10:00:00,10:00:05,10:00:05,10:01:00,half past ten,10:09:00,X"]);

        var import = Cli.Run(["import", file, "-w", temp.File("ws"), "-f", "json", .. CallSteps]);

        import.ExitCode.ShouldBe(ExitCode.Ok, import.Error);
        import.Out.ShouldContain("\"accepted\": 9");
        import.Out.ShouldContain("\"quarantined\": 1");
        import.Out.ShouldContain("unparseable timestamp");
    }

    private static readonly string[] Sessions =
    [
        "user_id,session_date,offset_ms,searched,messaged,requested,country",
        "u1,2016-02-01,0,1,0,0,1",
        "u1,2016-02-01,3600000,1,1,true,1",
        "u2,2016-02-02,120000,0,0,0,2", // no flag set: a session without any of these steps
        "u3,2016-02-02,500,yes,maybe,0,2",
        "u4,2016-02-03,soon,1,0,0,2",
        "u5,2016-02-03,0,1,0,0,9",
    ];

    private static readonly string[] SessionFlags =
    [
        "--map", "date=session_date", "--map", "offset=offset_ms", "--offset-unit", "ms", "--timezone", "UTC", "--default-channel", "web",
        "--flag", "searched=Searched", "--flag", "messaged=Messaged host", "--flag", "requested=Requested booking",
        "--label", "country:1=Netherlands", "--label", "country:2=Belgium",
    ];

    [Fact]
    public void Flag_columns_make_one_event_per_set_flag_at_the_date_plus_its_offset()
    {
        using var temp = new TempFolder();
        var file = temp.Write("sessions.csv", Sessions);
        var ws = temp.File("ws");

        var import = Cli.Run(["import", file, "-w", ws, "-f", "json", .. SessionFlags]);

        import.ExitCode.ShouldBe(ExitCode.Ok, import.Error);
        import.Out.ShouldContain("\"accepted\": 4");
        import.Out.ShouldContain("\"filtered\": 1");
        import.Out.ShouldContain("\"quarantined\": 3");
        import.Out.ShouldContain("a flag column holds 1 or 0");
        import.Out.ShouldContain("the offset is not a number of milliseconds");
        import.Out.ShouldContain("a code without a label");
        var export = Cli.Run("export", "-w", ws, "-f", "csv").Out;
        export.ShouldContain("2016-02-01T00:00:00.000Z,user_id:u1,user_id:u1#1,web,Searched,");
        export.ShouldContain("2016-02-01T01:00:00.000Z,user_id:u1,user_id:u1#1,web,Requested booking,");
        export.ShouldContain("Netherlands");
        export.ShouldNotContain(",1\n");
    }

    [Fact]
    public void A_dry_run_writes_a_recipe_that_repeats_the_import()
    {
        using var temp = new TempFolder();
        var file = temp.Write("sessions.csv", Sessions);
        var recipe = temp.File("sessions.yaml");

        var dry = Cli.Run(["import", file, "-w", temp.File("dry"), "--dry-run", "--save-recipe", recipe, .. SessionFlags]);
        dry.ExitCode.ShouldBe(ExitCode.Ok, dry.Error);
        var text = File.ReadAllText(recipe);
        text.ShouldContain("offset-unit: \"ms\"");
        text.ShouldContain("touchpoint: Messaged host");

        var byFlags = temp.File("flags");
        Cli.Run(["import", file, "-w", byFlags, .. SessionFlags]).ExitCode.ShouldBe(ExitCode.Ok);
        var byRecipe = temp.File("recipe");
        var import = Cli.Run("import", file, "-w", byRecipe, "--recipe", recipe, "-f", "json");
        import.ExitCode.ShouldBe(ExitCode.Ok, import.Error);
        Cli.Run("export", "-w", byRecipe, "-f", "csv").Out.ShouldBe(Cli.Run("export", "-w", byFlags, "-f", "csv").Out);

        // An option given beside the recipe wins over the recipe's.
        var shifted = temp.File("shifted");
        Cli.Run("import", file, "-w", shifted, "--recipe", recipe, "--timezone", "Europe/Amsterdam").ExitCode.ShouldBe(ExitCode.Ok);
        Cli.Run("export", "-w", shifted, "-f", "csv").Out.ShouldContain("2016-01-31T23:00:00.000Z");

        // And the printed recipe of a plain dry run is the same text.
        Cli.Run(["import", file, "-w", temp.File("dry2"), "--dry-run", .. SessionFlags]).Out.ShouldContain(text.Trim());
    }

    [Fact]
    public void A_latin1_semicolon_file_with_dates_only_and_channel_codes_reads_by_its_recipe()
    {
        using var temp = new TempFolder();
        var file = temp.File("klachten.csv");
        File.WriteAllBytes(file, Encoding.Latin1.GetBytes(string.Join("\r\n",
            "KlantNr;Datum;Kanaal;Onderwerp", "K1;01-02-2016;1;Levering te laat", "K1;02-02-2016;3;Geen reactie é", "K2;02-02-2016;2;Factuur", "") ));
        var recipe = temp.Write("klachten.yaml",
            "# complaints log",
            "encoding: latin1",
            "delimiter: ';'",
            "timezone: Europe/Amsterdam",
            "timestamp_format: dd-MM-yyyy",
            "map:",
            "  customer_id: KlantNr",
            "  timestamp: Datum",
            "  channel: Kanaal",
            "  touchpoint: Onderwerp",
            "labels:",
            "  Kanaal: {1: web, 2: phone, 3: email}");
        var ws = temp.File("ws");

        var import = Cli.Run("import", file, "-w", ws, "--recipe", recipe, "-f", "json");

        import.ExitCode.ShouldBe(ExitCode.Ok, import.Error);
        import.Out.ShouldContain("\"accepted\": 3");
        var export = Cli.Run("export", "-w", ws, "-f", "csv").Out;
        export.ShouldContain(",email,Geen reactie é");
        export.ShouldContain(",phone,Factuur");
    }

    [Fact]
    public void Recipe_mistakes_name_the_file_line_and_key()
    {
        using var temp = new TempFolder();
        var file = temp.Write("e.csv", "timestamp,customer_id,touchpoint", "2024-01-01T00:00:00Z,C1,home");

        var unknown = Cli.Run("import", file, "-w", temp.File("ws"), "--recipe", temp.Write("r.yaml", "timezone: UTC", "time_zone: UTC"));
        unknown.ExitCode.ShouldBe(ExitCode.BadInput);
        unknown.Error.ShouldContain("r.yaml");
        unknown.Error.ShouldContain("line 2");
        unknown.Error.ShouldContain("unknown key 'time-zone'");
        unknown.Error.ShouldNotContain("   at ");

        var badUnit = Cli.Run("import", file, "-w", temp.File("ws"), "--recipe", temp.Write("u.yaml", "map:", "  offset: touchpoint", "offset-unit: hours"));
        badUnit.ExitCode.ShouldBe(ExitCode.BadInput);
        badUnit.Error.ShouldContain("line 3");
        badUnit.Error.ShouldContain("expected s, ms or us");

        var steps = Cli.Run("import", file, "-w", temp.File("ws"), "--recipe", temp.Write("s.yaml", "steps:", "  - column: touchpoint"));
        steps.ExitCode.ShouldBe(ExitCode.BadInput);
        steps.Error.ShouldContain("needs a column and a touchpoint");

        var missing = Cli.Run("import", file, "-w", temp.File("ws"), "--step", "nope=Queue");
        missing.ExitCode.ShouldBe(ExitCode.BadInput);
        missing.Error.ShouldContain("'nope'");

        var noUnit = Cli.Run("import", file, "-w", temp.File("ws"), "--map", "offset=touchpoint");
        noUnit.ExitCode.ShouldBe(ExitCode.BadInput);
        noUnit.Error.ShouldContain("--offset-unit");
    }
}
