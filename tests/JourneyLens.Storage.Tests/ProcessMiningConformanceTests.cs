using System.Text.Json;
using JourneyLens.Core.Analyses;
using JourneyLens.Testing;

namespace JourneyLens.Storage.Tests;

/// <summary>Process map and variants on the real logs equal pm4py's figures in ../shared/data/real/expected.</summary>
public class ProcessMiningConformanceTests
{
    public static TheoryData<string> LogsWithFigures()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestFiles.RealData, "expected"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    private static (JsonElement Expected, Core.Engine.JourneyEngine Engine, TestWorkspace Workspace) Load(string expectedFile)
    {
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestFiles.RealData, "expected", expectedFile))).RootElement;
        var ws = new TestWorkspace();
        ws.Import(TestFiles.Real(expected.GetProperty("log").GetString()!));
        return (expected, ws.CaseEngine(), ws);
    }

    [Theory]
    [MemberData(nameof(LogsWithFigures))]
    public void The_process_map_equals_pm4py(string expectedFile)
    {
        var (expected, engine, ws) = Load(expectedFile);
        using var _ = ws;

        var map = ProcessMap.Compute(engine, DurationClock.Local); // pm4py measures wall-clock time, offsets dropped

        var edges = map.Edges.ToDictionary(e => (e.From, e.To));
        var dfg = expected.GetProperty("dfg").EnumerateArray().ToList();
        edges.Count.ShouldBe(dfg.Count);
        foreach (var edge in dfg)
        {
            edges[(edge[0].GetString()!, edge[1].GetString()!)].Frequency.ShouldBe(edge[2].GetInt64(), $"{edge[0]} → {edge[1]}");
        }

        foreach (var perf in expected.GetProperty("performance_dfg_seconds").EnumerateArray())
        {
            var edge = edges[(perf[0].GetString()!, perf[1].GetString()!)];
            edge.Duration.Mean.ShouldBe(perf[2].GetDouble(), 0.001, $"mean {perf[0]} → {perf[1]}");
            edge.Duration.Median.ShouldBe(perf[3].GetDouble(), 0.001, $"median {perf[0]} → {perf[1]}");
        }

        map.Start.ShouldBe(Counts(expected.GetProperty("start_activities")), ignoreOrder: true);
        map.End.ShouldBe(Counts(expected.GetProperty("end_activities")), ignoreOrder: true);
        map.Nodes.Sum(n => n.Frequency).ShouldBe(expected.GetProperty("events").GetInt64());
    }

    [Theory]
    [MemberData(nameof(LogsWithFigures))]
    public void The_variants_equal_pm4py(string expectedFile)
    {
        var (expected, engine, ws) = Load(expectedFile);
        using var _ = ws;

        var variants = Variants.Compute(engine);

        variants.Distinct.ShouldBe(expected.GetProperty("variant_count").GetInt64());
        variants.Total.ShouldBe(expected.GetProperty("cases").GetInt64());
        var bySequence = variants.Variants.ToDictionary(v => string.Join(" → ", v.Sequence));
        foreach (var top in expected.GetProperty("variants_top").EnumerateArray())
        {
            var sequence = string.Join(" → ", top[0].EnumerateArray().Select(a => a.GetString()));
            bySequence[sequence].Count.ShouldBe(top[1].GetInt64(), sequence);
        }
    }

    [Fact]
    public void Elapsed_time_across_a_daylight_saving_change_is_real_time_unless_wall_clock_is_asked_for()
    {
        var (_, engine, ws) = Load("roadtraffic100traces.json");
        using var _ = ws;

        var utc = ProcessMap.Compute(engine).Edges.Single(e => e.From == "Add penalty" && e.To == "Payment");
        var local = ProcessMap.Compute(engine, DurationClock.Local).Edges.Single(e => e.From == "Add penalty" && e.To == "Payment");

        utc.Duration.Mean.ShouldBe(11_632_860, 0.001); // the file mixes +01:00 and +02:00
        local.Duration.Mean.ShouldBe(11_633_760, 0.001);
    }

    private static Dictionary<string, long> Counts(JsonElement counts) =>
        counts.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
}
