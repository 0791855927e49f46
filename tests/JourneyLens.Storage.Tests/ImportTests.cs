using System.Text.Json;
using JourneyLens.Ingest;
using JourneyLens.Storage.Import;
using JourneyLens.Testing;
using JourneyLens.Core.Errors;

namespace JourneyLens.Storage.Tests;

public class ImportTests
{
    private const string Header = "event_id,timestamp,customer_id,email,channel,touchpoint";

    [Fact]
    public void Importing_the_same_file_again_adds_nothing_and_says_so()
    {
        using var ws = new TestWorkspace();
        var file = TestFiles.Real("receipt.csv");

        var first = ws.Import(file);
        var second = ws.Import(file);

        second.Accepted.ShouldBe(0);
        second.Duplicates.ShouldBe(first.Accepted);
        second.EarlierImports.Single().Id.ShouldBe(first.ImportId!.Value);
        ws.Overview().Events.ShouldBe(8_577);
    }

    [Fact]
    public void Identical_rows_within_one_file_all_load_and_a_reimport_adds_none_of_them()
    {
        using var ws = new TestWorkspace();
        var row = "2024-01-01T10:00:00Z,C1,web,home";
        var file = ws.Temp.Write("twice.csv", "timestamp,customer_id,channel,touchpoint", row, row, row);

        ws.Import(file).Accepted.ShouldBe(3);
        var again = ws.Import(file);

        again.Accepted.ShouldBe(0);
        again.Duplicates.ShouldBe(3);
    }

    [Fact]
    public void Events_with_a_known_event_id_are_duplicates_even_in_another_file()
    {
        using var ws = new TestWorkspace();
        var a = ws.Temp.Write("a.csv", Header, "e1,2024-01-01T10:00:00Z,C1,,web,home", "e2,2024-01-01T10:05:00Z,C1,,web,pricing");
        var b = ws.Temp.Write("b.csv", Header, "e2,2024-01-01T10:05:00Z,C1,,web,pricing (resent)", "e3,2024-01-02T09:00:00Z,C1,,phone,call");

        ws.Import(a);
        var second = ws.Import(b);

        second.Accepted.ShouldBe(1);
        second.Duplicates.ShouldBe(1);
        ws.Overview().Events.ShouldBe(3);
    }

    [Fact]
    public void Bad_rows_go_to_the_quarantine_file_and_good_rows_load()
    {
        using var ws = new TestWorkspace();
        var file = ws.Temp.Write("mixed.csv", Header,
            "e1,2024-01-01T10:00:00Z,C1,,web,home",
            "e2,not a time,C1,,web,home",
            "e3,2024-01-01T10:00:00Z,C2,,web,");

        var summary = ws.Import(file);

        summary.Accepted.ShouldBe(1);
        summary.Quarantined.ShouldBe(2);
        summary.QuarantinedByReason["unparseable timestamp"].ShouldBe(1);
        summary.QuarantinedByReason["empty touchpoint"].ShouldBe(1);
        var lines = File.ReadAllLines(summary.QuarantineFile.ShouldNotBeNull());
        lines.Length.ShouldBe(2);
        using var first = JsonDocument.Parse(lines[0]);
        first.RootElement.GetProperty("line").GetInt64().ShouldBe(3);
        first.RootElement.GetProperty("field").GetString().ShouldBe("timestamp");
        first.RootElement.GetProperty("found").GetString().ShouldBe("not a time");
        first.RootElement.GetProperty("raw").GetString().ShouldBe("e2,not a time,C1,,web,home");
    }

    [Fact]
    public void Past_max_errors_the_import_aborts_and_leaves_the_workspace_as_it_was()
    {
        using var ws = new TestWorkspace();
        ws.Import(ws.Temp.Write("good.csv", Header, "e1,2024-01-01T10:00:00Z,C1,,web,home"));
        var bad = ws.Temp.Write("bad.csv", Header, "e2,2024-01-02T10:00:00Z,C2,,web,home", "e3,x,C1,,web,home", "e4,y,C1,,web,home");

        var error = Should.Throw<InputException>(() => ws.Import(bad, settings: new ImportSettings { MaxErrors = 1 }));

        error.Message.ShouldContain("more than 1 rows rejected");
        ws.Overview().Events.ShouldBe(1);
        ws.Count("SELECT count(*) FROM imports").ShouldBe(1);
        Directory.GetFiles(Path.Combine(ws.Folder, "quarantine")).ShouldBeEmpty();
    }

    [Fact]
    public void A_dry_run_shows_mapping_and_sample_and_stores_nothing()
    {
        using var ws = new TestWorkspace();
        var file = ws.Temp.Write("e.csv", Header, "e1,2024-01-01T10:00:00Z,C1,a@example.com,web,home");

        var summary = ws.Import(file, settings: new ImportSettings { DryRun = true });

        summary.Accepted.ShouldBe(1);
        summary.Sample.Single().Touchpoint.ShouldBe("home");
        summary.Mapping.ShouldContain(m => m.Source == "customer_id" && m.Target.IdentifierType == "customer_id");
        ws.Count("SELECT count(*) FROM events").ShouldBe(0);
        ws.Count("SELECT count(*) FROM identifiers").ShouldBe(0);
    }

    [Fact]
    public void Identifiers_on_one_event_stitch_two_files_into_one_person()
    {
        using var ws = new TestWorkspace();
        ws.Import(ws.Temp.Write("web.csv", Header, "w1,2024-01-01T10:00:00Z,,a@example.com,web,home"));
        ws.Import(ws.Temp.Write("crm.csv", Header, "c1,2024-01-03T10:00:00Z,C7,a@example.com,phone,call"));

        var overview = ws.Overview();

        overview.Persons.ShouldBe(1);
        overview.Journeys.ShouldBe(1);
        ws.Count("SELECT count(*) FROM persons").ShouldBe(1);
        ws.Count("SELECT count(*) FROM identifiers i JOIN persons p ON p.key_identifier_id = i.id WHERE i.type = 'email'").ShouldBe(1); // the earliest-seen strong identifier names the person
    }

    [Fact]
    public void The_engine_cache_is_used_when_fresh_and_rebuilt_after_an_import()
    {
        using var ws = new TestWorkspace();
        ws.Import(ws.Temp.Write("a.csv", Header, "e1,2024-01-01T10:00:00Z,C1,,web,home"));
        ws.Overview().Events.ShouldBe(1);
        File.Exists(Path.Combine(ws.Folder, "engine.cache")).ShouldBeTrue();

        ws.Import(ws.Temp.Write("b.csv", Header, "e2,2024-01-02T10:00:00Z,C1,,web,home"));

        ws.Overview().Events.ShouldBe(2);
    }
}
