using JourneyLens.Core.Analyses;

namespace JourneyLens.Core.Tests.Analyses;

public class ProcessMapFoldingTests
{
    private static ProcessEdge Edge(string from, string to, long frequency, double mean, double min, double max) =>
        new(from, to, frequency, frequency, new DurationStats(mean, mean, min, max, max));

    [Fact]
    public void The_quieter_touchpoints_fold_into_one_box_with_frequencies_added_and_means_weighted()
    {
        var map = new ProcessMapResult(10,
            [new("a", 50), new("b", 40), new("c", 5), new("d", 3)],
            [Edge("a", "b", 30, 10, 1, 20), Edge("a", "c", 4, 100, 50, 150), Edge("a", "d", 1, 400, 400, 400), Edge("c", "d", 2, 7, 5, 9), Edge("b", "a", 6, 3, 1, 5)],
            new Dictionary<string, long> { ["a"] = 8, ["c"] = 2 },
            new Dictionary<string, long> { ["b"] = 6, ["d"] = 4 });

        var folded = ProcessMapFolding.Fold(map, maxNodes: 3);

        var other = ProcessMapFolding.OtherName(2);
        folded.Nodes.Select(n => (n.Name, n.Frequency)).ShouldBe([("a", 50L), ("b", 40L), (other, 8L)]);
        var toOther = folded.Edges.Single(e => e.From == "a" && e.To == other);
        toOther.Frequency.ShouldBe(5);
        toOther.Duration.Mean.ShouldBe(((4 * 100) + (1 * 400)) / 5.0, "the mean of all the transitions folded");
        (toOther.Duration.Min, toOther.Duration.Max).ShouldBe((50.0, 400.0));
        double.IsNaN(toOther.Duration.Median).ShouldBeTrue("a median cannot be told from the parts' medians");
        folded.Edges.Single(e => e.From == other && e.To == other).Frequency.ShouldBe(2);
        folded.Edges.Single(e => e.From == "a" && e.To == "b").ShouldBe(map.Edges[0], "edges between kept touchpoints are as they were");
        folded.Start.ShouldBe(new Dictionary<string, long> { ["a"] = 8, [other] = 2 });
        folded.End.ShouldBe(new Dictionary<string, long> { ["b"] = 6, [other] = 4 });
        folded.Edges.Sum(e => e.Frequency).ShouldBe(map.Edges.Sum(e => e.Frequency));

        ProcessMapFolding.Fold(map, maxNodes: 4).ShouldBeSameAs(map);
        ProcessMapFolding.Busiest(map, 2).Edges.Select(e => e.Frequency).ShouldBe([30L, 6L]);
    }
}
