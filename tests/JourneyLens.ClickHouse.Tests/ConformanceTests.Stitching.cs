using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using JourneyLens.Application.Analyses;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Storage;
using JourneyLens.Storage.Import;
using JourneyLens.Testing;

namespace JourneyLens.ClickHouse.Tests;

/// <summary>
/// Identity stitching across imports: a log with anonymous ids linked to customer ids in later files (and shared
/// anonymous ids that a unique customer id refuses to merge), split over several files imported one after another,
/// gives on the cluster what the embedded workspace gives after the same imports.
/// </summary>
public partial class ConformanceTests
{
    /// <param name="Customer">The customer id (c0…), or −1: none on the row.</param>
    /// <param name="Anonymous">The anonymous id (a0…), or −1: none.</param>
    /// <param name="File">Which of the files the row is in.</param>
    private sealed record IdentifiedRow(int Customer, int Anonymous, long Ts, int Touchpoint, int Channel, int File);

    private static Gen<IdentifiedRow[]> IdentifiedLogs =>
        from n in Gen.Choose(1, 60)
        from rows in Gen.ArrayOf(
            from customer in Gen.Choose(-1, 5)
            from anonymous in Gen.Choose(customer < 0 ? 0 : -1, 8) // a row has at least one identifier
            from t in Gen.Choose(0, 30)
            from ms in Gen.Elements(0, 0, 1)
            from tp in Gen.Choose(0, Touchpoints.Length - 1)
            from ch in Gen.Choose(0, Channels.Length - 1)
            from file in Gen.Choose(0, 3)
            select new IdentifiedRow(customer, anonymous, (t * 86_400_000L / 2) + ms, tp, ch, file), n)
        select rows;

    [Fact]
    public void Persons_stitched_across_imports_are_the_same_on_the_cluster_on_random_logs()
    {
        var target = Target();
        Prop.ForAll(IdentifiedLogs.ToArbitrary(), rows =>
        {
            using var temp = new TempFolder();
            var files = rows.GroupBy(r => r.File).OrderBy(g => g.Key).Select(g => IdentifiedCsv(temp, [.. g])).ToList();
            var cluster = Fresh(target);
            var workspace = temp.File($"ws-{Guid.NewGuid():N}");
            using (var embedded = Workspace.Open(workspace, create: true))
            {
                foreach (var file in files)
                {
                    new Importer(embedded).Import(file, Options, new ImportSettings());
                    ClickHouseImport.Import(cluster, file, Options);
                }
            }

            foreach (var gap in new double?[] { null, 0.5 })
            {
                var over = Selection.Of(ScopeParameters.Scope(gap, null, null, null, null));
                Same(new StatsQuery(over), workspace, cluster);
                Same(new PersonListQuery(over, 1_000), workspace, cluster);
                Same(new ProcessMapQuery(over), workspace, cluster);
                Same(new VariantsQuery(over, int.MaxValue), workspace, cluster);
                Same(new PathsQuery(over, PathRequests[0]), workspace, cluster);
                Same(new PathsQuery(over, PathRequests[2]), workspace, cluster);
                Same(Funnels(over).First(), workspace, cluster);
                Same(new AttributionQuery(over, "Booked"), workspace, cluster);
                Same(new SwitchingQuery(over, SwitchingRequests[0]), workspace, cluster);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(25));
    }

    [Fact]
    public void A_later_file_that_links_two_persons_moves_the_events_onto_one_shard_and_nothing_is_counted_twice()
    {
        using var temp = new TempFolder();
        // 40 visitors browse anonymously; a later file has each of them log in as a customer seen before.
        var browsing = IdentifiedCsv(temp, [.. Enumerable.Range(0, 120).Select(i => new IdentifiedRow(-1, i % 40, i * 3_600_000L, i % 3, i % 3, 0))]);
        var customers = IdentifiedCsv(temp, [.. Enumerable.Range(0, 40).Select(i => new IdentifiedRow(i, -1, 1_000L + i, 1, 0, 0))]);
        var logins = IdentifiedCsv(temp, [.. Enumerable.Range(0, 40).Select(i => new IdentifiedRow(i, i, 500_000_000L + i, 2, 1, 0))]);
        var cluster = Fresh(Target());
        ClickHouseImport.Import(cluster, browsing, Options).Persons.ShouldBe(40);
        ClickHouseImport.Import(cluster, customers, Options).Persons.ShouldBe(40);

        var merged = ClickHouseImport.Import(cluster, logins, Options);

        merged.PersonsMerged.ShouldBe(40, "each login joins an anonymous visitor to a customer: the visitor's person is replaced");
        merged.EventsMoved.ShouldBe(120);
        var workspace = temp.File("ws");
        using (var embedded = Workspace.Open(workspace, create: true))
        {
            foreach (var file in new[] { browsing, customers, logins })
            {
                new Importer(embedded).Import(file, Options, new ImportSettings());
            }
        }

        Same(AllStats, workspace, cluster);
        Same(new PersonListQuery(Selection.Of(Scope.All), 1_000), workspace, cluster);
        using (var backend = new ClickHouseBackend(cluster))
        {
            backend.Answer(AllStats).Persons.ShouldBe(40);
        }

        // The visitors' old rows are deleted by the shards in the background; once they are, every stored row is counted.
        using var raw = new ClickHouseCluster(cluster);
        WaitFor(() => raw.OnShards($"SELECT count() FROM {cluster.Database}.events_local WHERE person LIKE 'anonymous_id:%'").All(r => r[0] == "0"));
        raw.OnShards($"SELECT count() FROM {cluster.Database}.events_local").Sum(r => long.Parse(r[0], CultureInfo.InvariantCulture)).ShouldBe(200);
        raw.OnShards($"SELECT uniqExact(person) FROM {cluster.Database}.events_local").ShouldAllBe(r => r[0] != "0", "both shards hold persons");
        // The next import records the purge, after which queries no longer carry the condition.
        var next = IdentifiedCsv(temp, [new IdentifiedRow(99, -1, 0, 0, 0, 0)]);
        ClickHouseImport.Import(cluster, next, Options);
        using (var embedded = Workspace.Open(workspace, create: false))
        {
            new Importer(embedded).Import(next, Options, new ImportSettings());
        }

        ImportAttempts.Visible(raw).ShouldBe("1");
        Same(AllStats, workspace, cluster);
    }

    [Fact]
    public void An_import_that_merges_persons_and_fails_with_a_shard_down_or_before_its_commit_leaves_nothing_visible_and_a_rerun_completes_it()
    {
        using var temp = new TempFolder();
        var browsing = IdentifiedCsv(temp, [.. Enumerable.Range(0, 90).Select(i => new IdentifiedRow(i % 3 == 0 ? i % 30 : -1, i % 30, i * 3_600_000L, i % 4, i % 3, 0))]);
        var logins = IdentifiedCsv(temp, [.. Enumerable.Range(0, 30).Select(i => new IdentifiedRow(29 - i, i, 200_000_000L + i, 2, 1, 0))]);
        var cluster = Fresh(Target());
        ClickHouseImport.Import(cluster, browsing, Options);
        var workspace = temp.File("ws");
        using (var embedded = Workspace.Open(workspace, create: true))
        {
            new Importer(embedded).Import(browsing, Options, new ImportSettings());
        }

        Shard("stop-shard", 1);
        try
        {
            Should.Throw<ClusterException>(() => ClickHouseImport.Import(cluster, logins, Options));
        }
        finally
        {
            Shard("start-shard", 1);
        }

        // Killed after the moved copies and the file's rows are on the shards, before the commit.
        ClickHouseImport.Interruptions[cluster.Database] = () => throw new IOException("killed");
        try
        {
            Should.Throw<IOException>(() => ClickHouseImport.Import(cluster, logins, Options));
        }
        finally
        {
            ClickHouseImport.Interruptions.TryRemove(cluster.Database, out _);
        }

        Same(AllStats, workspace, cluster);
        Same(new PersonListQuery(Selection.Of(Scope.All), 1_000), workspace, cluster);
        ClickHouseImport.Import(cluster, logins, Options).PersonsMerged.ShouldBeGreaterThan(0);
        using (var embedded = Workspace.Open(workspace, create: false))
        {
            new Importer(embedded).Import(logins, Options, new ImportSettings());
        }

        Same(AllStats, workspace, cluster);
        Same(new PersonListQuery(Selection.Of(Scope.All), 1_000), workspace, cluster);
        Same(new VariantsQuery(Selection.Of(Scope.All), int.MaxValue), workspace, cluster);
    }

    private static void WaitFor(Func<bool> done)
    {
        for (var i = 0; i < 200 && !done(); i++)
        {
            Thread.Sleep(50);
        }

        done().ShouldBeTrue("the shards did not finish deleting within 10 s");
    }

    private static string IdentifiedCsv(TempFolder temp, IdentifiedRow[] rows)
    {
        var csv = new StringBuilder("customer_id,anonymous_id,timestamp,touchpoint,channel\n");
        foreach (var r in rows)
        {
            var at = Start.AddMilliseconds(r.Ts);
            csv.Append(CultureInfo.InvariantCulture, $"{(r.Customer < 0 ? "" : $"c{r.Customer}")},{(r.Anonymous < 0 ? "" : $"a{r.Anonymous}")},{at:yyyy-MM-dd'T'HH:mm:ss.fffzzz},");
            csv.Append(CultureInfo.InvariantCulture, $"\"{Touchpoints[r.Touchpoint].Replace("\"", "\"\"")}\",{Channels[r.Channel]}\n");
        }

        var file = temp.File($"events-{Guid.NewGuid():N}.csv");
        File.WriteAllText(file, csv.ToString());
        return file;
    }
}
