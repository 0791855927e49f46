using System.Diagnostics;
using System.Globalization;
using System.Text;
using JourneyLens.Core.Errors;
using JourneyLens.Ingest;
using JourneyLens.Ingest.Catalogue;
using JourneyLens.Ingest.InMemory;
using JourneyLens.Ingest.Readers;
using JourneyLens.Maps.Validation;
using JourneyLens.Testing;
using JourneyLens.Web.Api;

namespace JourneyLens.Bench;

/// <summary>
/// The fuzz suites' long run: many more hostile variants of each input than the tests run (seeds from 1,000,000 on,
/// so none repeats a test's case), each read as the product reads it. Counts how each ended: taken, refused as the
/// user's error, or failed (anything else, or slower than 10 s).
/// </summary>
internal static class FuzzFigures
{
    public static int Run(string[] args)
    {
        var cases = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var folder = Directory.CreateTempSubdirectory("journeylens-fuzz").FullName;
        var catalogue = CatalogueYaml.Parse(Generation.Scenario.Find("airline").CatalogueYaml(), "airline.yaml");
        var inputs = new (string Name, byte[] Seed, Action<byte[], string> Read)[]
        {
            ("CSV", Bytes(FuzzSeeds.Of("events.csv")), (b, path) => File(b, path + ".csv")),
            ("JSON lines", Bytes(FuzzSeeds.Of("events.jsonl")), (b, path) => File(b, path + ".jsonl")),
            ("XES", Bytes(FuzzSeeds.Of("log.xes")), (b, path) => File(b, path + ".xes")),
            ("journey map (YAML)", System.IO.File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "airline-door-to-door.yaml")), (b, _) => MapValidator.Check(Encoding.UTF8.GetString(b), "map.yaml", catalogue, null)),
            ("catalogue (YAML)", Bytes(Generation.Scenario.Find("airline").CatalogueYaml()), (b, _) => CatalogueYaml.Parse(Encoding.UTF8.GetString(b), "catalogue.yaml")),
            ("event batch (HTTP)", Bytes(FuzzSeeds.Batch), (b, path) => EventBatch.Parse(b, 2_000, DateTimeOffset.UnixEpoch, out var errors)),
        };

        Console.WriteLine($"| input | cases | taken | refused (user error) | failed | slowest case (ms) | total (s) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        var failures = 0;
        foreach (var (name, seed, read) in inputs)
        {
            int taken = 0, refused = 0, failed = 0;
            var slowest = TimeSpan.Zero;
            var total = Stopwatch.StartNew();
            for (var n = 0; n < cases; n++)
            {
                var (bytes, done) = Mutations.Of(seed, 1_000_000 + n);
                var clock = Stopwatch.StartNew();
                try
                {
                    read(bytes, Path.Combine(folder, "case"));
                    taken++;
                }
                catch (UserErrorException)
                {
                    refused++;
                }
                catch (Exception e)
                {
                    if (failed++ < 3)
                    {
                        Console.Error.WriteLine($"{name} case {1_000_000 + n} ({done}): {e.GetType().Name}: {e.Message[..Math.Min(e.Message.Length, 200)]}");
                    }
                }

                slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
                failed += clock.Elapsed > TimeSpan.FromSeconds(10) ? 1 : 0;
            }

            failures += failed;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {cases:N0} | {taken:N0} | {refused:N0} | {failed:N0} | {slowest.TotalMilliseconds:0} | {total.Elapsed.TotalSeconds:0} |"));
        }

        Directory.Delete(folder, recursive: true);
        return failures == 0 ? 0 : 1;
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A file read as the import reads it, and as --input reads it in runs on all cores.</summary>
    private static void File(byte[] bytes, string path)
    {
        System.IO.File.WriteAllBytes(path, bytes);
        using (var reader = InputFile.Open(path, new ImportOptions()))
        {
            foreach (var _ in reader.Read())
            {
            }
        }

        if (!path.EndsWith(".xes", StringComparison.Ordinal))
        {
            EventFile.Read(path, new ImportOptions());
        }
    }
}
