using BenchmarkDotNet.Running;
using JourneyLens.Bench;

// "figures": one-shot measurements of the large workloads (10M-event import, workspace open, memory), written
// as Markdown for docs/benchmarks.md. Anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "figures")
{
    return Figures.Run(args[1..]);
}

// "web": the web app on loopback: every analysis endpoint warm on a large workspace, and ingestion of batches.
if (args.Length > 0 && args[0] == "web")
{
    return await WebFigures.Run(args[1..]);
}

// "cluster": the same CSV embedded and on a ClickHouse cluster (bench/cluster.sh): import, bytes per event, every analysis.
if (args.Length > 0 && args[0] == "cluster")
{
    return ClusterFigures.Run(args[1..]);
}

// "fuzz": the long run of the fuzz suites (10^5 hostile variants per input by default), as a Markdown table.
if (args.Length > 0 && args[0] == "fuzz")
{
    return FuzzFigures.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Figures).Assembly).Run(args);
return 0;
