using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using JourneyLens.Testing;

namespace JourneyLens.Cli.Tests;

/// <summary>
/// <c>--input FILE</c> analyses a file in memory. The reference is the import: the same file imported into an empty
/// workspace must give exactly the same answers, because reading, validation, duplicates and stitching are the same.
/// </summary>
public class InputFileTests
{
    [Theory]
    [InlineData("running-example.xes")]
    [InlineData("helpdesk.xes.gz")]
    [InlineData("roadtraffic100traces.xes")]
    [InlineData("receipt.csv")]
    public void A_real_log_read_with_input_answers_as_the_imported_workspace(string log)
    {
        using var temp = new TempFolder();
        var ws = temp.File("ws");
        Cli.Run("import", TestFiles.Real(log), "-w", ws).ExitCode.ShouldBe(0);

        foreach (var analysis in new[] { new[] { "process-map" }, ["variants", "--top", "50"], ["paths", "--steps", "4"] })
        {
            var fromFile = Cli.Run([.. analysis, "--input", TestFiles.Real(log), "-f", "json"]);
            var fromWorkspace = Cli.Run([.. analysis, "-w", ws, "-f", "json"]);
            fromFile.ExitCode.ShouldBe(0, fromFile.Error);
            JsonNode.DeepEquals(JsonNode.Parse(fromFile.Out), JsonNode.Parse(fromWorkspace.Out)).ShouldBeTrue($"{analysis[0]} of {log}");
        }
    }

    [Fact]
    public void Random_files_with_links_duplicates_bad_rows_and_properties_answer_as_their_import()
    {
        for (var seed = 1; seed <= 12; seed++)
        {
            using var temp = new TempFolder();
            var csv = temp.File("events.csv");
            File.WriteAllText(csv, RandomCsv(new Random(seed)));
            var ws = temp.File("ws");
            var import = Cli.Run("import", csv, "-w", ws);
            import.ExitCode.ShouldBe(0, import.Error);

            string[][] analyses =
            [
                ["process-map"], ["variants", "--top", "100"], ["paths", "--steps", "3"], ["scores"],
                ["funnel", "--step", "search", "--step", "book where prop.tier = 'gold'", "--step", "pay", "--window", "2d"],
                ["funnel", "--step", "search", "--step", "pay", "--dropped-at", "2"],
                ["process-map", "--segment", "prop.tier = 'gold'", "--from", "2025-01-02"],
                ["variants", "--by", "prop.tier", "--journey-gap", "0.5"],
            ];
            foreach (var analysis in analyses)
            {
                var fromFile = Cli.Run([.. analysis, "--input", csv, "-f", "json"]);
                var fromWorkspace = Cli.Run([.. analysis, "-w", ws, "-f", "json"]);
                fromFile.ExitCode.ShouldBe(0, fromFile.Error);
                fromWorkspace.ExitCode.ShouldBe(0, fromWorkspace.Error);
                JsonNode.DeepEquals(JsonNode.Parse(fromFile.Out), JsonNode.Parse(fromWorkspace.Out)).ShouldBeTrue($"seed {seed}: {string.Join(' ', analysis)}\n{fromFile.Out}\n---\n{fromWorkspace.Out}");
            }
        }
    }

    [Fact]
    public void Rejected_rows_and_repeated_event_ids_are_reported_not_dropped_silently()
    {
        using var temp = new TempFolder();
        var csv = temp.File("events.csv");
        File.WriteAllText(csv, """
            event_id,timestamp,customer_id,touchpoint,score_type,score
            e1,2025-01-01T10:00:00Z,C1,search,,
            e2,2025-01-01T10:05:00Z,C1,book,,
            e2,2025-01-01T10:05:00Z,C1,book,,
            e3,yesterday,C1,pay,,
            e4,2025-01-01T10:09:00Z,C1,Survey,nps,12
            """);

        var result = Cli.Run("variants", "--input", csv, "-f", "json");

        result.ExitCode.ShouldBe(0, result.Error);
        JsonNode.Parse(result.Out)!["total"]!.GetValue<int>().ShouldBe(1);
        result.Error.ShouldContain("note: 1 events of events.csv repeat an earlier event_id");
        result.Error.ShouldContain("warning: 2 rows of events.csv were rejected");
        result.Error.ShouldContain("events.csv:5: timestamp: unparseable timestamp");
        result.Error.ShouldContain("events.csv:6: score: score out of range");

        var strict = Cli.Run("variants", "--input", csv, "--max-errors", "1");
        strict.ExitCode.ShouldBe(ExitCode.BadInput);
        strict.Error.ShouldContain("more than 1 rows rejected");
        strict.Error.ShouldNotContain("   at ");
    }

    [Fact]
    public void Bad_input_options_get_clear_errors()
    {
        using var temp = new TempFolder();
        var missing = Cli.Run("process-map", "--input", temp.File("nope.csv"));
        missing.ExitCode.ShouldBe(ExitCode.BadInput);
        missing.Error.ShouldContain("file not found");

        var catalogueWithoutInput = Cli.Run("process-map", "-w", temp.File("ws"), "--catalogue", temp.File("c.yaml"));
        catalogueWithoutInput.ExitCode.ShouldBe(ExitCode.BadUsage);
        catalogueWithoutInput.Error.ShouldContain("--catalogue goes with --input");
    }

    [Fact]
    public void Only_the_command_line_reads_a_local_file_the_registry_parameters_never_do()
    {
        foreach (var analysis in Application.Registry.AnalysisRegistry.All)
        {
            analysis.Parameters.Select(p => p.Name).ShouldNotContain("input");
            analysis.Parameters.Select(p => p.Name).ShouldNotContain("catalogue");
        }

        var local = CliApp.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null)).Subcommands.Single(c => c.Name == "process-map");
        local.Options.Select(o => o.Name).ShouldContain("--input");
    }

    /// <summary>Persons with an anonymous id that later log in (a link), e-mail-only survey answers, repeated event_ids, bad rows, a property.</summary>
    private static string RandomCsv(Random random)
    {
        var text = new StringBuilder("event_id,timestamp,customer_id,anonymous_id,email,touchpoint,channel,score_type,score,tier\n");
        string[] touchpoints = ["search", "book", "pay", "call", "search"];
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var id = 0;
        for (var person = 0; person < random.Next(5, 40); person++)
        {
            var time = start.AddMinutes(random.Next(0, 3000));
            var tier = random.Next(3) == 0 ? "gold" : "basic";
            for (var e = 0; e < random.Next(1, 9); e++)
            {
                time = time.AddMinutes(random.Next(0, 3) == 0 ? 0 : random.Next(1, 2000)); // ties too
                var (customer, anonymous, email) = random.Next(4) switch
                {
                    0 => ("", $"anon-{person}", ""),
                    1 => ($"C{person}", $"anon-{person}", ""),
                    2 => ("", "", $"p{person}@example.com"),
                    _ => ($"C{person}", "", $"p{person}@example.com"),
                };
                var eventId = random.Next(10) == 0 && id > 0 ? $"e{random.Next(id)}" : $"e{++id}";
                var stamp = random.Next(40) == 0 ? "not a time" : time.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
                var survey = random.Next(8) == 0;
                text.Append(CultureInfo.InvariantCulture, $"{eventId},{stamp},{customer},{anonymous},{email},{(survey ? "Survey answered" : touchpoints[random.Next(touchpoints.Length)])},");
                text.Append(CultureInfo.InvariantCulture, $"{(random.Next(2) == 0 ? "web" : "phone")},{(survey ? "nps" : "")},{(survey ? random.Next(0, 11).ToString(CultureInfo.InvariantCulture) : "")},{tier}\n");
            }
        }

        return text.ToString();
    }
}
