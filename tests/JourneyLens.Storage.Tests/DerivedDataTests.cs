using JourneyLens.Ingest;
using JourneyLens.Storage.Engine;
using JourneyLens.Storage.Import;
using JourneyLens.Testing;

namespace JourneyLens.Storage.Tests;

/// <summary>Derived files (the engine cache, quarantine files) never give a wrong answer and never take another's place.</summary>
public sealed class DerivedDataTests
{
    [Fact]
    public void A_cache_built_from_another_database_at_the_same_generation_is_never_used()
    {
        using var temp = new TempFolder();
        var folder = temp.File("ws");
        var first = temp.Write("first.csv", "customer_id,timestamp,touchpoint", "a,2025-01-01T00:00:00Z,x", "b,2025-01-01T00:00:00Z,y", "c,2025-01-01T00:00:00Z,z");
        var second = temp.Write("second.csv", "customer_id,timestamp,touchpoint", "d,2025-01-01T00:00:00Z,x");
        Import(folder, first);
        Events(folder).ShouldBe(3); // the cache is written for generation 1 of this database
        var cache = File.ReadAllBytes(Path.Combine(folder, "engine.cache"));

        // The database is replaced (deleted and imported again: generation 1 again); the old cache is put back.
        foreach (var file in Directory.EnumerateFiles(folder, "workspace.db*"))
        {
            File.Delete(file);
        }

        Import(folder, second);
        File.WriteAllBytes(Path.Combine(folder, "engine.cache"), cache);

        Events(folder).ShouldBe(1);
    }

    [Fact]
    public void A_stale_or_damaged_dedupe_key_file_never_lets_a_duplicate_in()
    {
        using var temp = new TempFolder();
        var folder = temp.File("ws");
        var first = temp.Write("first.csv", "event_id,customer_id,timestamp,touchpoint", "e1,a,2025-01-01T00:00:00Z,x", "e2,b,2025-01-01T00:00:00Z,y");
        var second = temp.Write("second.csv", "event_id,customer_id,timestamp,touchpoint", "e3,c,2025-01-02T00:00:00Z,x");
        Import(folder, first);
        var keys = Path.Combine(folder, "dedupe.keys");
        var afterFirst = File.ReadAllBytes(keys);
        Import(folder, second);

        File.WriteAllBytes(keys, afterFirst); // the keys of an earlier generation: e3 is not among them
        ImportSummary(folder, second).Duplicates.ShouldBe(1);
        File.WriteAllBytes(keys, afterFirst[..^5]); // cut short
        ImportSummary(folder, first).Duplicates.ShouldBe(2);
        File.Delete(keys);
        ImportSummary(folder, second).Duplicates.ShouldBe(1);
        Events(folder).ShouldBe(3);
    }

    private static ImportSummary ImportSummary(string folder, string file)
    {
        using var ws = Workspace.Open(folder, create: true);
        return new Importer(ws).Import(file, new ImportOptions(), new ImportSettings());
    }

    [Fact]
    public void Several_processes_building_the_cache_at_once_all_answer()
    {
        using var temp = new TempFolder();
        var folder = temp.File("ws");
        var rows = Enumerable.Range(0, 2_000).Select(i => $"c{i % 97},2025-01-01T00:{i % 60:00}:00Z,t{i % 7}");
        Import(folder, temp.Write("events.csv", ["customer_id,timestamp,touchpoint", .. rows]));
        for (var round = 0; round < 10; round++)
        {
            File.Delete(Path.Combine(folder, "engine.cache"));

            var counts = new int[6];
            Parallel.For(0, counts.Length, new ParallelOptions { MaxDegreeOfParallelism = counts.Length }, i => counts[i] = Events(folder));

            counts.ShouldAllBe(c => c == 2_000);
        }

        Directory.EnumerateFiles(folder, "*.partial").ShouldBeEmpty();
    }

    [Fact]
    public void Opening_a_workspace_removes_abandoned_temporary_files_but_not_a_running_imports()
    {
        using var temp = new TempFolder();
        var folder = temp.File("ws");
        using (Workspace.Open(folder, create: true))
        {
        }

        var quarantine = Path.Combine(folder, "quarantine");
        Directory.CreateDirectory(quarantine);
        var abandoned = Path.Combine(quarantine, "import-1-old.csv.jsonl.0123.partial");
        File.WriteAllText(abandoned, "{}\n");
        using var running = new QuarantineWriter(quarantine, "import-2-new.csv.jsonl");
        running.Write(new Ingest.Validation.Rejection("new.csv", 2, "timestamp", "not a time", "x", "x"));

        using (Workspace.Open(folder, create: false))
        {
        }

        File.Exists(abandoned).ShouldBeFalse();
        var committed = running.Commit();
        File.ReadAllText(committed!).ShouldContain("not a time");
    }

    [Fact]
    public void An_identify_message_without_a_time_still_links_the_person_it_names()
    {
        using var temp = new TempFolder();
        var folder = temp.File("ws");
        var file = temp.Write("events.jsonl",
            "{\"type\": \"track\", \"anonymousId\": \"a1\", \"event\": \"Browsed\", \"timestamp\": \"2025-01-01T00:00:00Z\"}",
            "{\"type\": \"identify\", \"anonymousId\": \"a1\", \"userId\": \"u1\"}",
            "{\"type\": \"track\", \"userId\": \"u1\", \"event\": \"Bought\", \"timestamp\": \"2025-01-02T00:00:00Z\"}");

        ImportSummary summary;
        using (var workspace = Workspace.Open(folder, create: true, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero))))
        {
            summary = new Importer(workspace).Import(file, new ImportOptions(), new ImportSettings());
        }

        (summary.Accepted, summary.IdentityMessages, summary.Quarantined).ShouldBe((2L, 1L, 0L));
        using var open = Workspace.Open(folder, create: false);
        var engine = new EngineLoader().Load(open);
        Core.Analyses.Overview.Compute(engine).Persons.ShouldBe(1);
        Queries.PersonQuery.Find(open, engine, "u1").Identifiers.Select(i => i.Value).ShouldBe(["a1", "u1"], ignoreOrder: true);
    }

    private static void Import(string folder, string file)
    {
        using var workspace = Workspace.Open(folder, create: true);
        new Importer(workspace).Import(file, new ImportOptions(), new ImportSettings());
    }

    private static int Events(string folder)
    {
        using var workspace = Workspace.Open(folder, create: false);
        return new EngineLoader().Load(workspace).Events.EventCount;
    }
}
