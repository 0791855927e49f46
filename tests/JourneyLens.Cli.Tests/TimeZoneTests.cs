using System.Text.Json;
using JourneyLens.Testing;

namespace JourneyLens.Cli.Tests;

/// <summary>A workspace's display zone (#20, item 7): dates stay on their day, --from/--to are days in it, tables show it.</summary>
public class TimeZoneTests
{
    [Fact]
    public void Date_only_data_stays_on_its_day_in_the_zone_it_was_imported_with()
    {
        using var temp = new TempFolder();
        var ws = ImportedComplaints(temp);

        var day = Cli.Run("stats", "-w", ws, "--from", "2016-02-01", "--to", "2016-02-02", "-f", "json");
        day.ExitCode.ShouldBe(ExitCode.Ok, day.Error);
        using (var doc = JsonDocument.Parse(day.Out))
        {
            doc.RootElement.GetProperty("events").GetInt64().ShouldBe(8);
            doc.RootElement.GetProperty("first").GetString().ShouldBe("2016-02-01T00:00:00+01:00");
        }

        Cli.Run("person", "K1", "-w", ws).Out.ShouldContain("2016-02-01 00:00:00 +01:00");
        Cli.Run("stats", "-w", ws).Out.ShouldContain("2016-02-02 00:00:00 +01:00");
        // Exported data stays in UTC, with its offset written.
        Cli.Run("export", "-w", ws, "-f", "csv").Out.ShouldContain("2016-01-31T23:00:00.000Z");
        Cli.Run("settings", "-w", ws).Out.ShouldContain("Europe/Amsterdam");

        // The workspace's own setting changes what a day is.
        Cli.Run("settings", "-w", ws, "--timezone", "UTC").ExitCode.ShouldBe(ExitCode.Ok);
        var utc = Cli.Run("stats", "-w", ws, "--from", "2016-02-01", "--to", "2016-02-02", "-f", "json");
        using (var doc = JsonDocument.Parse(utc.Out))
        {
            doc.RootElement.GetProperty("events").GetInt64().ShouldBe(2); // the 2nd's, at 23:00 UTC on the 1st
        }

        var unknown = Cli.Run("settings", "-w", ws, "--timezone", "Mars/Olympus");
        unknown.ExitCode.ShouldBe(ExitCode.BadUsage);
        unknown.Error.ShouldContain("unknown time zone");
    }

    [Fact]
    public void A_trend_counts_each_day_in_the_workspace_zone_and_marks_saved_measurements()
    {
        using var temp = new TempFolder();
        var ws = ImportedComplaints(temp, "K1;2016-02-03;levering");
        Cli.Run("measure", "save", "before", "-w", ws, "--metric", "reach@factuur").ExitCode.ShouldBe(ExitCode.Ok);

        var trend = Cli.Run("trend", "-w", ws, "--every", "day", "--metric", "reach@factuur", "-f", "csv");

        trend.ExitCode.ShouldBe(ExitCode.Ok, trend.Error);
        var lines = trend.Out.Split('\n');
        lines.ShouldContain("2016-02-01,8,8,\"0.0% [0.0%, 32.4%] (8)\"");
        lines.ShouldContain("2016-02-02,2,2,\"100.0% [34.2%, 100.0%] (2)\"");
        lines.ShouldContain("2016-02-03,1,1,\"0.0% [0.0%, 79.3%] (1)\"");
        trend.Out.ShouldContain("measurement saved,before");

        // A metric about a touchpoint the workspace lacks is the user's mistake, said as such (the periods are measured at once).
        var unknown = Cli.Run("trend", "-w", ws, "--every", "day", "--metric", "reach@factur");
        unknown.ExitCode.ShouldNotBe(ExitCode.Ok);
        unknown.Error.ShouldContain("no touchpoint 'factur'");
        unknown.Error.ShouldNotContain("   at ");
    }

    [Fact]
    public void A_reversed_date_range_is_an_error_not_an_empty_answer()
    {
        using var temp = new TempFolder();
        var ws = temp.File("ws");
        Cli.Run("import", temp.Write("e.csv", "timestamp,customer_id,touchpoint", "2024-01-01T00:00:00Z,C1,home"), "-w", ws).ExitCode.ShouldBe(ExitCode.Ok);

        var reversed = Cli.Run("paths", "-w", ws, "--from", "2024-02-01", "--to", "2024-01-01");

        reversed.ExitCode.ShouldBe(ExitCode.BadUsage);
        reversed.Error.ShouldContain("an empty range");
    }

    /// <summary>A complaints log with dates only, written in Dutch time: eight on 1 February, two on the 2nd (and any more rows).</summary>
    private static string ImportedComplaints(TempFolder temp, params string[] more)
    {
        var file = temp.Write("k.csv", [
            "klant;datum;onderwerp",
            .. Enumerable.Range(1, 8).Select(i => $"K{i};2016-02-01;levering"),
            "K9;2016-02-02;factuur", "K10;2016-02-02;factuur", .. more]);
        var ws = temp.File("ws");
        var import = Cli.Run("import", file, "-w", ws, "--timezone", "Europe/Amsterdam", "--map", "customer_id=klant", "--map", "timestamp=datum", "--map", "touchpoint=onderwerp");
        import.ExitCode.ShouldBe(ExitCode.Ok, import.Error);
        return ws;
    }
}
