using System.Globalization;
using System.Diagnostics;
using System.Text;
using JourneyLens.Application.Analyses;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Testing;

namespace JourneyLens.ClickHouse.Tests;

/// <summary>
/// Imports that fail — a shard down, a process killed after writing rows but before its commit — leave nothing
/// visible, and a re-run completes them. (With a shard down, the loopback cluster refuses the whole insert before the
/// other shard writes; rows left behind are made deterministically by the second test.)
/// </summary>
public partial class ConformanceTests
{
    private static readonly StatsQuery AllStats = new(Selection.Of(Scope.All));

    [Fact]
    public void An_import_that_failed_with_a_shard_down_leaves_nothing_visible_and_a_rerun_completes_it()
    {
        using var temp = new TempFolder();
        var first = Csv(temp, [.. Enumerable.Range(0, 200).Select(i => new Row(i % 50, i * 3_600_000L, i % 3, i % 3, 0))]);
        var second = Csv(temp, [.. Enumerable.Range(0, 300).Select(i => new Row(50 + (i % 100), i * 1_800_000L, (i + 1) % 4, i % 4, 60))]);
        var cluster = Fresh(Target());
        ClickHouseImport.Import(cluster, first, Options);

        Shard("stop-shard", 1);
        try
        {
            Should.Throw<ClusterException>(() => ClickHouseImport.Import(cluster, second, Options)).Message.ShouldContain("did not answer");
        }
        finally
        {
            Shard("start-shard", 1);
        }

        using (var backend = new ClickHouseBackend(cluster))
        {
            backend.Answer(AllStats).Events.ShouldBe(200, $"stored per shard: {string.Join(", ", backend.Storage().Select(x => x.Events))}");
        }

        ClickHouseImport.Import(cluster, second, Options).Accepted.ShouldBe(300);
        var both = Embedded(temp, first);
        using (var workspace = Storage.Workspace.Open(both, create: false))
        {
            new Storage.Import.Importer(workspace).Import(second, Options, new Storage.Import.ImportSettings());
        }

        Same(AllStats, both, cluster);
        Same(new ProcessMapQuery(Selection.Of(Scope.All)), both, cluster);
    }

    [Fact]
    public void Rows_of_an_attempt_that_never_committed_are_hidden_then_deleted_by_the_next_import()
    {
        using var temp = new TempFolder();
        var file = Csv(temp, [.. Enumerable.Range(0, 120).Select(i => new Row(i % 30, i * 3_600_000L, i % 4, i % 3, 0))]);
        var cluster = Fresh(Target());
        ClickHouseImport.Import(cluster, Csv(temp, [new Row(0, 0, 0, 0, 0)]), Options);

        // A process that wrote rows to both shards and died before its commit.
        using (var raw = new ClickHouseCluster(cluster))
        {
            var seqFrom = ImportAttempts.Start(raw, "deadbeef", "killed.csv");
            var rows = new StringBuilder();
            for (var p = 0; p < 40; p++)
            {
                rows.Append($"ghost{p}\t{p}\t{seqFrom + p}\t0\tGhost\tweb\t0\t0\t\tnan\t\t\t0\tcustomer_id:ghost{p}\t{seqFrom}\n");
            }

            using var tsv = new MemoryStream(Encoding.UTF8.GetBytes(rows.ToString()));
            raw.Insert($"{cluster.Database}.events", tsv, ClickHouseSchema.Columns.Split(", "));
        }

        using (var backend = new ClickHouseBackend(cluster))
        {
            backend.Answer(AllStats).Events.ShouldBe(1);
            backend.Answer(new FieldValuesQuery(Selection.Of(Scope.All), "touchpoint", 10)).Values.ShouldNotContain(v => v.Value == "Ghost");
        }

        ClickHouseImport.Import(cluster, file, Options);
        using (var backend = new ClickHouseBackend(cluster))
        {
            backend.Answer(AllStats).Events.ShouldBe(121);
        }

        // The deletion is a mutation the shards run in the background: wait for it, then no ghost is stored anywhere.
        foreach (var shard in cluster.Shards)
        {
            using var one = new ClickHouseCluster(cluster with { Shards = [shard] });
            var stored = "";
            for (var wait = 0; wait < 100 && (stored = one.Rows($"SELECT count() FROM {cluster.Database}.events_local WHERE person LIKE 'ghost%'")[0][0]) != "0"; wait++)
            {
                Thread.Sleep(100);
            }

            stored.ShouldBe("0", $"shard {shard} still stores rows of the attempt that never committed");
        }
    }

    /// <summary>Stops or starts one shard of the loopback cluster (its data kept), through the script that started it.</summary>
    private static void Shard(string action, int shard)
    {
        var folder = Environment.GetEnvironmentVariable("CLICKHOUSE_FOLDER") ?? throw new InvalidOperationException("CLICKHOUSE_FOLDER is not set: start the loopback cluster with tests/scale-out/cluster.sh (test.sh does)");
        using var script = Process.Start(new ProcessStartInfo("bash", [Path.Combine(TestFiles.RepositoryRoot, "tests", "scale-out", "cluster.sh"), action, folder, shard.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardError = true,
        })!;
        var error = script.StandardError.ReadToEnd();
        script.WaitForExit();
        script.ExitCode.ShouldBe(0, $"cluster.sh {action} {shard}: {error}");
    }

    /// <summary>
    /// Two exports that overlap (yesterday's and today's, both with the hours between): an event_id already on the
    /// cluster is not stored twice, whichever shard holds it, and the figures are those of the embedded workspace
    /// that imported the same two files.
    /// </summary>
    [Fact]
    public void An_event_id_already_on_the_cluster_is_not_stored_again_from_an_overlapping_file()
    {
        using var temp = new TempFolder();
        string Export(int from, int to)
        {
            var csv = new StringBuilder("event_id,customer_id,timestamp,touchpoint,channel\n");
            for (var i = from; i < to; i++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"e{i},c{i % 37},{Start.AddMinutes(i * 90):yyyy-MM-dd'T'HH:mm:ss'Z'},{Touchpoints[i % 3]},{Channels[i % 4]}\n");
            }

            var file = temp.File($"export-{from}-{to}.csv");
            File.WriteAllText(file, csv.ToString());
            return file;
        }

        var (yesterday, today) = (Export(0, 200), Export(120, 320));
        var cluster = Fresh(Target());
        ClickHouseImport.Import(cluster, yesterday, Options).Accepted.ShouldBe(200);
        var second = ClickHouseImport.Import(cluster, today, Options);
        second.Accepted.ShouldBe(120);
        second.Duplicates.ShouldBe(80);

        var both = Embedded(temp, yesterday);
        using (var workspace = Storage.Workspace.Open(both, create: false))
        {
            new Storage.Import.Importer(workspace).Import(today, Options, new Storage.Import.ImportSettings());
        }

        Same(AllStats, both, cluster);
        Same(new ProcessMapQuery(Selection.Of(Scope.All)), both, cluster);
    }

    [Fact]
    public void A_database_made_before_event_keys_gains_the_column_and_imports()
    {
        using var temp = new TempFolder();
        var cluster = Fresh(Target());
        using (var raw = new ClickHouseCluster(cluster))
        {
            // The tables as the first version made them.
            raw.OnEveryShard($"CREATE DATABASE {cluster.Database}");
            raw.OnEveryShard($"""
                CREATE TABLE {cluster.Database}.events_local (person String, ts_ms Int64, seq UInt64, utc_offset_min Int16, touchpoint String, channel String,
                    score_type UInt8, score Int8, about String, value Float64, outcome String, contact String) ENGINE = MergeTree() ORDER BY (person, ts_ms, seq)
                """);
            raw.OnEveryShard($"CREATE TABLE {cluster.Database}.events AS {cluster.Database}.events_local ENGINE = Distributed(jl, {cluster.Database}, events_local, cityHash64(person))");
        }

        var file = Csv(temp, [.. Enumerable.Range(0, 50).Select(i => new Row(i % 7, i * 3_600_000L, i % 4, i % 3, 0))]);
        ClickHouseImport.Import(cluster, file, Options).Accepted.ShouldBe(50);
        Same(AllStats, Embedded(temp, file), cluster);
    }

    /// <summary>Two imports into one cluster at the same time (an inbox round and a command): they take turns, so no ingest number is taken twice.</summary>
    [Fact]
    public async Task Imports_started_at_the_same_time_take_turns()
    {
        using var temp = new TempFolder();
        var files = Enumerable.Range(0, 4).Select(f => Csv(temp, [.. Enumerable.Range(0, 300).Select(i => new Row((f * 40) + (i % 40), i * 1_800_000L, (i + f) % 4, i % 3, 0))])).ToList();
        var cluster = Fresh(Target());
        ClickHouseImport.Import(cluster, files[0], Options);

        var summaries = await Task.WhenAll(files.Skip(1).Select(file => Task.Run(() => ClickHouseImport.Import(cluster, file, Options))));

        summaries.ShouldAllBe(s => s.Accepted == 300);
        using (var raw = new ClickHouseCluster(cluster))
        {
            // Each import's rows are exactly the sequence numbers from its first up to the next import's first.
            var imports = raw.Rows($"SELECT seq_from, events FROM {cluster.Database}.imports ORDER BY seq_from").Select(r => (From: long.Parse(r[0]), Events: long.Parse(r[1]))).ToList();
            imports.Select(i => i.From).Distinct().Count().ShouldBe(4);
            for (var i = 0; i < imports.Count; i++)
            {
                var below = i + 1 < imports.Count ? $" AND seq < {imports[i + 1].From}" : "";
                ShardRows.Merge(raw.OnShards($"SELECT count() FROM {cluster.Database}.events_local WHERE seq >= {imports[i].From}{below}"), Combine.Sum)[0][0]
                    .ShouldBe(imports[i].Events.ToString(CultureInfo.InvariantCulture));
            }
        }

        var all = Embedded(temp, files[0]);
        using (var workspace = Storage.Workspace.Open(all, create: false))
        {
            foreach (var file in files.Skip(1))
            {
                new Storage.Import.Importer(workspace).Import(file, Options, new Storage.Import.ImportSettings());
            }
        }

        Same(AllStats, all, cluster);
    }

    /// <summary>An answer's empty line is a row of one empty text (a name, a value), not nothing.</summary>
    [Fact]
    public void A_row_holding_only_an_empty_text_is_a_row_from_the_coordinator()
    {
        using var raw = new ClickHouseCluster(Fresh(Target()));
        ClickHouseSchema.Ensure(raw);
        raw.Rows("SELECT ''").ShouldHaveSingleItem().ShouldBe([""]);
        raw.Rows("SELECT arrayJoin(['', 'a', ''])").Select(r => r.Single()).ShouldBe(["", "a", ""]);
        raw.Rows("SELECT 1 WHERE 0").ShouldBeEmpty();
    }
}
