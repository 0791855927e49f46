using BenchmarkDotNet.Attributes;
using JourneyLens.Ingest;
using JourneyLens.Generation;
using JourneyLens.Ingest.Readers;
using JourneyLens.Ingest.Validation;

namespace JourneyLens.Bench;

/// <summary>Reading the real logs (pm4py needs about 12 s to parse bpic2012) and generating data.</summary>
[MemoryDiagnoser]
public class ReaderBenchmarks
{
    private static readonly string RealData = FindRealData();

    /// <summary>BenchmarkDotNet runs the benchmark from a generated project below bin/, so look upwards for the repository.</summary>
    private static string FindRealData()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "JourneyLens.slnx")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "real"));
            }
        }

        throw new DirectoryNotFoundException("cannot find the repository above " + AppContext.BaseDirectory);
    }

    [Params("bpic2012.xes.gz", "helpdesk.xes.gz", "receipt.csv")]
    public string Log { get; set; } = "";

    [Benchmark(Description = "parse + validate a real log")]
    public long Parse()
    {
        var path = Path.Combine(RealData, Log);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("the real logs must be in ../shared/data/real beside the repository", path);
        }

        long accepted = 0;
        using var reader = InputFile.Open(path, new ImportOptions());
        foreach (var item in reader.Read())
        {
            accepted += item.Outcome == ReadOutcome.Accepted ? 1 : 0;
        }

        return accepted;
    }
}

/// <summary>Generator throughput: 100,000 airline customers (about a million events) into a null stream.</summary>
public class GeneratorBenchmarks
{
    [Benchmark(Description = "generate 100k airline customers (CSV)")]
    public long Airline() => Generator.Generate(Scenario.Find("airline"), new GeneratorOptions { Customers = 100_000 }, Stream.Null).Events;
}
