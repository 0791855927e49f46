using System.Diagnostics;
using System.Globalization;
using JourneyLens.Core.Engine;
using JourneyLens.Ingest;
using JourneyLens.Ingest.Generation;
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
            EngineLoader.Load(workspace); // writes the cache
        }

        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        clock.Restart();
        JourneyEngine engine;
        using (var workspace = Workspace.Open(workspaceFolder, create: false))
        {
            engine = EngineLoader.Load(workspace);
        }

        Report("open workspace to a ready engine (cache)", engine.Events.EventCount, clock.Elapsed);
        var bytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| engine memory (GC heap after load, journeys included) | {engine.Events.EventCount:N0} events | {bytes / 1e6:N0} MB | {(double)bytes / engine.Events.EventCount:0.0} bytes/event |"));
        GC.KeepAlive(engine);
        return 0;
    }

    private static void Report(string what, long events, TimeSpan elapsed) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {events:N0} events | {elapsed.TotalSeconds:0.00} s | {events / elapsed.TotalSeconds:N0} events/s |"));
}
