using System.Diagnostics;
using System.Globalization;
using JourneyLens.Application.Analyses;
using JourneyLens.Application.Backends;
using JourneyLens.Application.Backends.Embedded;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.ClickHouse;
using JourneyLens.Core.Analyses;
using JourneyLens.Ingest;
using JourneyLens.Storage;
using JourneyLens.Storage.Engine;
using JourneyLens.Storage.Import;

namespace JourneyLens.Bench;

/// <summary>
/// The same CSV in an embedded workspace and on a ClickHouse cluster, in one run (bench/cluster.sh starts a loopback
/// one): the cluster's import rate and bytes per event on disk, then every analysis the cluster answers — warm on
/// the embedded engine, and on the cluster — best of three each, and whether the two JSON answers are identical.
/// </summary>
internal static class ClusterFigures
{
    public static int Run(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: cluster CSV WORKDIR SHARD_URL,SHARD_URL… [CATALOGUE_YAML]");
            return 2;
        }

        var (csv, folder) = (args[0], args[1]);
        var target = new ClickHouseTarget([.. args[2].Split(',').Select(s => new Uri(s))], "jl", $"jl_bench_{DateTime.UtcNow:yyyyMMddHHmmss}");
        var workspace = Path.Combine(folder, "ws-embedded");
        if (Directory.Exists(workspace))
        {
            Directory.Delete(workspace, recursive: true);
        }

        Console.WriteLine("| step | embedded | cluster | cluster ÷ embedded | same JSON |");
        Console.WriteLine("|---|---:|---:|---:|---|");
        var clock = Stopwatch.StartNew();
        long events;
        using (var embedded = Workspace.Open(workspace, create: true))
        {
            events = new Importer(embedded).Import(csv, new ImportOptions(), new ImportSettings()).Accepted;
        }

        var embeddedImport = clock.Elapsed;
        clock.Restart();
        var imported = ClickHouseImport.Import(target, csv, new ImportOptions());
        var clusterImport = clock.Elapsed;
        Console.WriteLine($"| import {events:N0} events (events/s; embedded without its engine build) | {Rate(events, embeddedImport)} | {Rate(imported.Accepted, clusterImport)} | {clusterImport / embeddedImport:0.00} | {(imported.Accepted == events ? "same count" : $"{imported.Accepted:N0} events")} |");

        using var cluster = new ClickHouseBackend(target);
        var storage = cluster.Storage();
        var (onDisk, compressed) = (storage.Sum(s => s.BytesOnDisk), storage.Sum(s => s.CompressedBytes));
        Console.WriteLine($"| bytes per event on disk (column data; with marks and index) | | {(double)compressed / events:0.0}; {(double)onDisk / events:0.0} | | shards hold {string.Join(" + ", storage.Select(s => s.Events.ToString("N0", CultureInfo.InvariantCulture)))} |");

        var over = Selection.Of(Scope.All);
        FunnelStepQuery Step(string name, params string[] touchpoints) => new(name, touchpoints);
        using var local = EmbeddedBackend.OpenWorkspace(workspace, new EngineLoader(keepInMemory: true));
        local.Answer(new StatsQuery(over)); // the engine built once, as a server holds it
        Compare("stats", new StatsQuery(over), local, cluster);
        Compare("channel values", new FieldValuesQuery(over, "channel", 20), local, cluster);
        Compare("process map", new ProcessMapQuery(over), local, cluster);
        Compare("variants", new VariantsQuery(over), local, cluster);
        Compare("paths (5 steps, Sankey)", new PathsQuery(over, new PathsRequest()), local, cluster);
        Compare("paths into 'Called contact centre'", new PathsQuery(over, new PathsRequest { EndAt = "Called contact centre" }), local, cluster);
        Compare("funnel (3 steps, persons, 7 days)", new FunnelQuery(over,
            [Step("search", "Searched flights"), Step("book", "Booked flight"), Step("check in", "Checked in online", "Checked in at desk")], TimeSpan.FromDays(7), "7d"), local, cluster);
        Compare("scores", new ScoresQuery(over), local, cluster);
        Compare("low points and drops", new LowPointsQuery(over), local, cluster);
        Compare("attribution (goal 'Booked flight')", new AttributionQuery(over, "Booked flight"), local, cluster);
        Compare("switching (24 h, repeat 7 d)", new SwitchingQuery(over, new Core.Experience.SwitchingRequest(TimeSpan.FromDays(1), TimeSpan.FromDays(7), Core.Experience.ChannelClasses.Default)), local, cluster);
        Compare("consistency ('Searched flights' > 'Booked flight')", new ConsistencyQuery(over, new Core.Experience.ConsistencyRequest(["Searched flights"], ["Booked flight"], TimeSpan.FromDays(7), Core.Experience.ChannelClasses.Default)), local, cluster);
        Compare("scores per path variant (top 10)", new ScoresQuery(over, Variants: 10), local, cluster);
        string[] metrics = ["nps", "conversion@Searched flights>Booked flight", "journey-duration", "repeat-contact@Called contact centre"];
        Compare("measure (NPS, conversion, journey duration, repeat contact)", new MeasureQuery(over, metrics), local, cluster);
        Compare("compare two periods (the same four metrics)", new CompareQuery(over, metrics, new PeriodSides(null, "2025-04-01", "2025-04-01", null, "before", "after")), local, cluster);
        Compare("trend per month (NPS, conversion)", new TrendQuery(over, metrics[..2], TrendPeriod.Month), local, cluster);
        Compare("funnel by first channel (5 groups)", new FunnelQuery(over with { Breakdown = new Breakdown("channel", [], 5) },
            [Step("search", "Searched flights"), Step("book", "Booked flight")], TimeSpan.FromDays(7), "7d"), local, cluster, perGroup: true);
        Compare("funnel, who dropped at step 2", new FunnelQuery(over, [Step("search", "Searched flights"), Step("book", "Booked flight")], TimeSpan.FromDays(7), "7d", DroppedAt: 2), local, cluster);
        if (args.Length > 3)
        {
            // The scenario's catalogue, on both: hand-offs between departments and the process map over phases.
            var yaml = File.ReadAllText(args[3]);
            using (var embedded = Workspace.Open(workspace, create: false))
            {
                Storage.Catalogue.CatalogueStore.Save(embedded, yaml, args[3]);
            }

            ClickHouseCatalogue.Save(target, yaml, args[3]);
            using var withCatalogue = EmbeddedBackend.OpenWorkspace(workspace, new EngineLoader());
            Compare("hand-offs (functional lens)", new HandoffsQuery(over), withCatalogue, cluster);
            Compare("process map by phase (lifecycle lens)", new ProcessMapQuery(over with { Nodes = new Nodes(Core.Engine.NodeKind.Phase, "lifecycle") }), withCatalogue, cluster);
        }

        return 0;
    }

    /// <summary>Only the analyses whose name contains this (JOURNEYLENS_BENCH_ONLY), to measure one again without the rest.</summary>
    private static readonly string? Only = Environment.GetEnvironmentVariable("JOURNEYLENS_BENCH_ONLY");

    private static void Compare<TResult>(string what, IQuery<TResult> query, IAnalysisBackend embedded, IAnalysisBackend cluster, bool perGroup = false)
    {
        if (Only is { Length: > 0 } only && !what.Contains(only, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var (localTime, localJson) = perGroup ? Best(() => embedded.AnswerPerGroup(query)) : Best(() => embedded.Answer(query));
        var (clusterTime, clusterJson) = perGroup ? Best(() => cluster.AnswerPerGroup(query)) : Best(() => cluster.Answer(query));
        Console.WriteLine($"| {what} | {Seconds(localTime)} | {Seconds(clusterTime)} | {clusterTime / localTime:0.0} | {(localJson == clusterJson ? "yes" : "**no**")} |");
    }

    /// <summary>Best of three runs after one that warms up, and the answer's JSON.</summary>
    private static (TimeSpan Time, string Json) Best<TResult>(Func<TResult> answer)
    {
        var json = ResultJson.Serialize(answer()!);
        var best = TimeSpan.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var clock = Stopwatch.StartNew();
            answer();
            best = clock.Elapsed < best ? clock.Elapsed : best;
        }

        return (best, json);
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";

    private static string Rate(long events, TimeSpan time) => $"{time.TotalSeconds:0.0} s = {events / time.TotalSeconds:N0}/s";
}
