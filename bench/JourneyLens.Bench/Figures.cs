using System.Diagnostics;
using System.Globalization;
using JourneyLens.Core.Analyses;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;
using JourneyLens.Core.Experience;
using JourneyLens.Core.Improvement;
using JourneyLens.Maps.Binding;
using JourneyLens.Maps.Yaml;
using JourneyLens.Ingest;
using JourneyLens.Generation;
using JourneyLens.Ingest.Readers;
using JourneyLens.Ingest.Validation;
using JourneyLens.Storage;
using JourneyLens.Storage.Engine;
using JourneyLens.Storage.Import;

namespace JourneyLens.Bench;

/// <summary>
/// One-shot timings of workloads too large for BenchmarkDotNet's repetitions: generate a CSV of N events, parse it,
/// import it into a fresh workspace, open that workspace cold (from SQLite) and warm (from the engine cache), and
/// measure the engine's memory per event.
/// </summary>
internal static class Figures
{
    public static int Run(string[] args)
    {
        var customers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var folder = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "journeylens-bench");
        Directory.CreateDirectory(folder);
        var csv = Path.Combine(folder, $"airline-{customers}.csv");
        var workspaceFolder = Path.Combine(folder, "ws");
        if (Directory.Exists(workspaceFolder))
        {
            Directory.Delete(workspaceFolder, recursive: true);
        }

        var clock = Stopwatch.StartNew();
        GenerationResult generated;
        using (var stream = File.Create(csv))
        {
            generated = Generator.Generate(Scenario.Find("airline"), new GeneratorOptions { Customers = customers }, stream);
        }

        Report("generate airline CSV", generated.Events, clock.Elapsed);

        clock.Restart();
        long parsed = 0;
        using (var reader = InputFile.Open(csv, new ImportOptions()))
        {
            foreach (var item in reader.Read())
            {
                parsed += item.Outcome == ReadOutcome.Accepted ? 1 : 0;
            }
        }

        Report("parse + validate CSV (no storage)", parsed, clock.Elapsed);

        clock.Restart();
        using (var workspace = Workspace.Open(workspaceFolder, create: true))
        {
            var summary = new Importer(workspace).Import(csv, new ImportOptions(), new ImportSettings());
            Report("import CSV into a new workspace", summary.Accepted, clock.Elapsed);
        }

        clock.Restart();
        using (var workspace = Workspace.Open(workspaceFolder, create: false))
        {
            var table = EngineLoader.ReadFromDatabase(workspace);
            Report("open workspace cold (from SQLite)", table.EventCount, clock.Elapsed);
        }

        using (var workspace = Workspace.Open(workspaceFolder, create: false))
        {
            new EngineLoader().Load(workspace); // writes the cache
        }

        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        clock.Restart();
        JourneyEngine engine;
        using (var workspace = Workspace.Open(workspaceFolder, create: false))
        {
            engine = new EngineLoader().Load(workspace);
        }

        Report("open workspace to a ready engine (cache)", engine.Events.EventCount, clock.Elapsed);
        var bytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| engine memory (GC heap after load, journeys included) | {engine.Events.EventCount:N0} events | {bytes / 1e6:N0} MB | {(double)bytes / engine.Events.EventCount:0.0} bytes/event |"));

        var events = engine.Events.EventCount;
        Warm("process map", events, () => ProcessMap.Compute(engine).Edges.Count);
        Warm("variants", events, () => Variants.Compute(engine, 20).Distinct);
        Warm("paths (5 steps, Sankey)", events, () => Paths.Compute(engine, new PathsRequest()).Journeys);
        var funnel = new FunnelRequest(
            [new FunnelStep("search", ["Searched flights"]), new FunnelStep("book", ["Booked flight"]), new FunnelStep("check in", ["Checked in online", "Checked in at desk"])],
            TimeSpan.FromDays(90));
        Warm("funnel (3 steps, persons)", events, () => Funnel.Compute(engine, funnel).Units);
        Console.WriteLine($"| funnel counts (JourneyLens) | {string.Join(" / ", Funnel.Compute(engine, funnel).Steps.Select(s => s.Count.ToString("N0", CultureInfo.InvariantCulture)))} | | |");
        Warm("scores (NPS/CSAT/CES per touchpoint, intervals)", events, () => Scores.Compute(engine).Subjects.Count);
        Warm("low points and drops", events, () => LowPoints.Compute(engine).LowPoints.Count);
        var switching = new SwitchingRequest(SwitchingRequest.DefaultWindow, SwitchingRequest.DefaultRepeatWindow, ChannelClasses.Default with { Outbound = new HashSet<string> { "Booking confirmation" } });
        Warm("switching (matrix, failed self-service, repeat contact, paths into contact)", events, () => Switching.Compute(engine, switching).Matrix.Count);
        Warm("attribution (exact Markov chain, removal effects)", events, () => Attribution.Compute(engine, "Booked flight").Touchpoints.Count);
        var catalogue = Ingest.Catalogue.CatalogueYaml.Parse(Scenario.Find("airline").CatalogueYaml(), "airline");
        Warm("hand-offs (functional lens)", events, () => Handoffs.Compute(engine, catalogue).Handoffs.Count);
        Warm("consistency (search > booking per channel)", events, () => Consistency.Compute(engine, new ConsistencyRequest(["Searched flights"], ["Booked flight"], TimeSpan.FromDays(7), ChannelClasses.Default)).Channels.Count);
        var channels = switching.Channels;
        Warm("pain points (low points, failed self-service, repeat contact, loops)", events,
            () => PainPoints.Detect(engine, new PainRequest(channels, catalogue, "lifecycle", PainRules.Default)).Pains.Count);
        var map = MapReader.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "airline-door-to-door.yaml")), "airline-door-to-door.yaml");
        Warm("map bind (airline sample: 8 steps, scores, pain points)", events,
            () => MapBinder.Bind(map, engine, new BindRequest(catalogue, channels, PainRules.Default)).Pains.Count);
        var nps = Scores.Compute(engine).Subjects.First(s => s.Subject == "Collected baggage").Scores[0];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| NPS about Collected baggage (JourneyLens) | {nps.Answers:N0} answers | {nps.Value:0.00} | |"));
        var failed = Switching.Compute(engine, switching).FailedSelfService.First(f => f.Touchpoint == "Online check-in failed");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| failed self-service at Online check-in failed (JourneyLens) | {failed.Attempts:N0} attempts | {failed.FollowedByContact:N0} | |"));
        WriteJourneys(engine, Path.Combine(folder, "journeys.csv"));
        return 0;
    }

    /// <summary>An analysis on the loaded engine: one run to warm up, then the best of three.</summary>
    private static void Warm(string what, long events, Func<long> analysis)
    {
        analysis();
        var best = TimeSpan.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var clock = Stopwatch.StartNew();
            analysis();
            best = clock.Elapsed < best ? clock.Elapsed : best;
        }

        Report($"warm {what}", events, best);
    }

    /// <summary>The engine's journeys (person, journey, order, time, touchpoint, channel, score type, score, subject) for the DuckDB side, so both analyse the same journeys.</summary>
    private static void WriteJourneys(JourneyEngine engine, string path)
    {
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false), 1 << 20);
        writer.WriteLine("person,journey,seq,ts,touchpoint,channel,score_type,score,about");
        var (ev, js) = (engine.Events, engine.Journeys);
        for (var j = 0; j < js.Count; j++)
        {
            for (var i = js.JourneyStart[j]; i < js.JourneyStart[j + 1]; i++)
            {
                writer.Write(js.JourneyPerson[j]);
                writer.Write(',');
                writer.Write(j);
                writer.Write(',');
                writer.Write(i);
                writer.Write(',');
                writer.Write(ev.TimestampMs[i]);
                writer.Write(',');
                writer.Write(ev.TouchpointNames[ev.Touchpoint[i]]);
                writer.Write(',');
                writer.Write(ev.ChannelNames[ev.Channel[i]]);
                writer.Write(',');
                writer.Write(ev.ScoreType[i] == ScoreType.None ? "" : ev.ScoreType[i].ToString().ToLowerInvariant());
                writer.Write(',');
                writer.Write(ev.ScoreType[i] == ScoreType.None ? "" : ev.Score[i].ToString(CultureInfo.InvariantCulture));
                writer.Write(',');
                writer.WriteLine(ev.About[i] == EventTable.NoAbout ? "" : ev.TouchpointNames[ev.About[i]]);
            }
        }
    }

    private static void Report(string what, long events, TimeSpan elapsed) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {events:N0} events | {elapsed.TotalSeconds:0.00} s | {events / elapsed.TotalSeconds:N0} events/s |"));
}
