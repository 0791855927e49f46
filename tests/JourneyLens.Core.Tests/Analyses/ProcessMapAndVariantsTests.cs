using FsCheck;
using FsCheck.Fluent;
using JourneyLens.Core.Analyses;
using JourneyLens.Core.Engine;

using JourneyLens.Testing;

namespace JourneyLens.Core.Tests.Analyses;

/// <summary>Process map and variants against plain LINQ over the journeys, on random logs with ties and unicode names.</summary>
public class ProcessMapAndVariantsTests
{
    private static readonly string[] Names = ["start", "Zoek", "betaal ✓", "café", "end", "😀"];

    private static Gen<Row[]> Logs => RandomLog.Rows(maxEvents: 200, maxPersons: 15, distinctTimes: 31, timeStepMs: 3_600_000, Names.Length, Gen.Elements<short>(0, 60, 120, -300));

    private static JourneyEngine Engine(Row[] rows, TimeSpan gap) => RandomLog.Engine(rows, Names, gap);

    /// <summary>The journeys as lists of rows, by the definition: per person, by time then input order, cut at gaps.</summary>
    private static List<List<Row>> Journeys(Row[] rows, TimeSpan gap)
    {
        var journeys = new List<List<Row>>();
        foreach (var person in rows.Select((r, i) => (r, i)).GroupBy(x => x.r.Person).OrderBy(g => g.Key))
        {
            var sorted = person.OrderBy(x => x.r.Ts).ThenBy(x => x.i).Select(x => x.r).ToList();
            var current = new List<Row> { sorted[0] };
            foreach (var (previous, next) in sorted.Zip(sorted.Skip(1)))
            {
                if (gap > TimeSpan.Zero && next.Ts - previous.Ts > gap.TotalMilliseconds)
                {
                    journeys.Add(current);
                    current = [];
                }

                current.Add(next);
            }

            journeys.Add(current);
        }

        return journeys;
    }

    [Fact]
    public void The_process_map_matches_a_plain_count_of_consecutive_pairs()
    {
        Prop.ForAll(Logs.ToArbitrary(), Gen.Elements(0, 1, 5).ToArbitrary(), Gen.Elements(DurationClock.Utc, DurationClock.Local).ToArbitrary(), (rows, gapHours, clock) =>
        {
            var gap = TimeSpan.FromHours(gapHours);
            var map = ProcessMap.Compute(Engine(rows, gap), clock);
            var journeys = Journeys(rows, gap);
            var pairs = journeys.SelectMany((j, k) => j.Zip(j.Skip(1)).Select(p => (Journey: k, From: Names[p.First.Touchpoint], To: Names[p.Second.Touchpoint],
                Seconds: (p.Second.Ts - p.First.Ts + (clock == DurationClock.Local ? (p.Second.Offset - p.First.Offset) * 60_000L : 0)) / 1000.0))).ToList();
            var expectedEdges = pairs.GroupBy(p => (p.From, p.To)).ToDictionary(g => g.Key, g => (Count: (long)g.Count(), Cases: (long)g.Select(p => p.Journey).Distinct().Count(),
                Mean: g.Average(p => p.Seconds), Min: g.Min(p => p.Seconds), Max: g.Max(p => p.Seconds)));

            return map.Edges.Count == expectedEdges.Count
                && map.Edges.All(e => expectedEdges.TryGetValue((e.From, e.To), out var x) && x.Count == e.Frequency && x.Cases == e.Cases
                    && Math.Abs(x.Mean - e.Duration.Mean) < 1e-6 && x.Min == e.Duration.Min && x.Max == e.Duration.Max)
                && map.Nodes.Sum(n => n.Frequency) == rows.Length
                && map.Start.Values.Sum() == journeys.Count
                && journeys.GroupBy(j => Names[j[0].Touchpoint]).All(g => map.Start[g.Key] == g.Count())
                && journeys.GroupBy(j => Names[j[^1].Touchpoint]).All(g => map.End[g.Key] == g.Count());
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Variants_match_a_plain_grouping_of_whole_sequences()
    {
        Prop.ForAll(Logs.ToArbitrary(), Gen.Elements(0, 2).ToArbitrary(), (rows, gapHours) =>
        {
            var gap = TimeSpan.FromHours(gapHours);
            var result = Variants.Compute(Engine(rows, gap));
            var expected = Journeys(rows, gap).GroupBy(j => string.Join("|", j.Select(r => Names[r.Touchpoint]))).ToDictionary(g => g.Key, g => (long)g.Count());

            return result.Distinct == expected.Count
                && result.Total == expected.Values.Sum()
                && result.Variants.All(v => expected[string.Join("|", v.Sequence)] == v.Count)
                && result.Variants.Zip(result.Variants.Skip(1)).All(p => p.First.Count >= p.Second.Count);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_simplified_map_covers_the_share_and_every_kept_touchpoint_stays_connected()
    {
        Prop.ForAll(Logs.ToArbitrary(), Gen.Elements(0.0, 0.3, 0.6, 0.9, 1.0).ToArbitrary(), (rows, share) =>
        {
            var map = ProcessMap.Compute(Engine(rows, TimeSpan.Zero));
            var simple = ProcessMapSimplifier.Simplify(map, share);

            var total = map.Edges.Sum(e => e.Frequency);
            var covered = simple.Edges.Sum(e => e.Frequency) >= share * total;
            var subset = simple.Edges.All(map.Edges.Contains);
            bool Reaches(IEnumerable<string> seeds, string target, bool forward, IReadOnlyList<ProcessEdge> edges)
            {
                var seen = seeds.ToHashSet();
                for (var changed = true; changed;)
                {
                    changed = false;
                    foreach (var e in edges)
                    {
                        var (a, b) = forward ? (e.From, e.To) : (e.To, e.From);
                        changed |= seen.Contains(a) && seen.Add(b);
                    }
                }

                return seen.Contains(target);
            }

            // A touchpoint connected in the full map is still connected in the simplified one.
            var connected = simple.Nodes.All(n =>
                (!Reaches(map.Start.Keys, n.Name, true, map.Edges) || Reaches(map.Start.Keys, n.Name, true, simple.Edges)) &&
                (!Reaches(map.End.Keys, n.Name, false, map.Edges) || Reaches(map.End.Keys, n.Name, false, simple.Edges)));
            return covered && subset && connected;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_simplifier_keeps_exactly_the_edges_its_plain_reference_keeps()
    {
        // Many touchpoints and low shares: repairs that connect further touchpoints through the path they add.
        string[] many = [.. Enumerable.Range(0, 16).Select(i => $"t{i}")];
        var logs = RandomLog.Rows(maxEvents: 300, maxPersons: 40, distinctTimes: 60, timeStepMs: 60_000, many.Length);
        Prop.ForAll(logs.ToArbitrary(), Gen.Elements(0.0, 0.1, 0.2, 0.35, 0.5, 0.8, 1.0).ToArbitrary(), (rows, share) =>
        {
            var map = ProcessMap.Compute(RandomLog.Engine(rows, many, TimeSpan.Zero));
            var (fast, slow) = (ProcessMapSimplifier.Simplify(map, share), ReferenceSimplifier.Simplify(map, share));
            return fast.Edges.SequenceEqual(slow.Edges) && fast.Nodes.SequenceEqual(slow.Nodes)
                && fast.Start.OrderBy(s => s.Key).SequenceEqual(slow.Start.OrderBy(s => s.Key)) && fast.End.OrderBy(s => s.Key).SequenceEqual(slow.End.OrderBy(s => s.Key));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Median_and_p90_interpolate_between_ranks_like_numpy()
    {
        var stats = DurationStats.Of([4, 1, 3, 2]);

        stats.Median.ShouldBe(2.5);
        stats.P90.ShouldBe(3.7, 1e-9);
        stats.Mean.ShouldBe(2.5);
        (stats.Min, stats.Max).ShouldBe((1, 4));
    }
}
