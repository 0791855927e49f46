using JourneyLens.Core.Engine;

namespace JourneyLens.Core.Analyses;

public sealed record ProcessNode(string Name, long Frequency);

/// <summary>A directly-follows edge: how often a is directly followed by b, in how many journeys, and how long it took.</summary>
public sealed record ProcessEdge(string From, string To, long Frequency, long Cases, DurationStats Duration);

/// <summary>How the time between two events is measured.</summary>
public enum DurationClock
{
    /// <summary>Elapsed time (UTC): the real time between the events.</summary>
    Utc,

    /// <summary>Wall-clock time as written in the source, offsets ignored: what pm4py reports. Differs by the hour a daylight-saving change adds or removes.</summary>
    Local,
}

/// <summary>The process map (docs/analyses.md), as pm4py's discover_dfg / discover_performance_dfg compute it.</summary>
public sealed record ProcessMapResult(
    long Journeys,
    IReadOnlyList<ProcessNode> Nodes,
    IReadOnlyList<ProcessEdge> Edges,
    IReadOnlyDictionary<string, long> Start,
    IReadOnlyDictionary<string, long> End);

/// <summary>
/// Directly-follows graph over journeys: nodes are touchpoints (event counts), edges are consecutive pairs within a
/// journey (occurrences, journeys that contain them, and the seconds between the two events).
/// </summary>
public static class ProcessMap
{
    /// <summary>
    /// Two passes over the journeys, split into one part per core: the first counts nodes, edges and cases, the
    /// second writes each edge's durations into an array sized by the first, so no per-edge list ever grows; median
    /// and p90 are then found by selection rather than by sorting.
    /// </summary>
    public static ProcessMapResult Compute(JourneyEngine engine, DurationClock clock = DurationClock.Utc)
    {
        var ev = engine.Events;
        var js = engine.Journeys;
        var touchpoints = ev.TouchpointNames.Length;
        var edgeIds = new EdgeIds(touchpoints);
        var parts = Chunks.Count(js.Count, 10_000, Environment.ProcessorCount);

        // Edge ids are assigned in a first sequential sweep over the pairs within journeys, so that every part agrees on them.
        for (var j = 0; j < js.Count; j++)
        {
            for (var i = js.JourneyStart[j] + 1; i < js.JourneyStart[j + 1]; i++)
            {
                edgeIds.Touch(ev.Touchpoint[i - 1], ev.Touchpoint[i]);
            }
        }

        var counts = Chunks.Run(js.Count, parts, (_, first, last) =>
        {
            var c = new PartCounts(touchpoints, edgeIds.Count);
            for (var j = first; j < last; j++)
            {
                int from = js.JourneyStart[j], to = js.JourneyStart[j + 1];
                c.Starts[ev.Touchpoint[from]]++;
                c.Ends[ev.Touchpoint[to - 1]]++;
                c.Nodes[ev.Touchpoint[from]]++;
                for (var i = from + 1; i < to; i++)
                {
                    c.Nodes[ev.Touchpoint[i]]++;
                    var e = edgeIds.Get(ev.Touchpoint[i - 1], ev.Touchpoint[i]);
                    c.Edges[e]++;
                    if (c.LastJourney[e] != j)
                    {
                        c.LastJourney[e] = j;
                        c.Cases[e]++;
                    }
                }
            }

            return c;
        });

        // Each part writes its durations into its own slice of each edge's array.
        var edgeCount = edgeIds.Count;
        var seconds = new double[edgeCount][];
        var offsets = new int[parts][];
        for (var e = 0; e < edgeCount; e++)
        {
            var total = 0;
            for (var p = 0; p < parts; p++)
            {
                offsets[p] ??= new int[edgeCount];
                offsets[p][e] = total;
                total += (int)counts[p].Edges[e];
            }

            seconds[e] = new double[total];
        }

        Chunks.Run(js.Count, parts, (part, first, last) =>
        {
            var next = offsets[part];
            for (var j = first; j < last; j++)
            {
                for (var i = js.JourneyStart[j] + 1; i < js.JourneyStart[j + 1]; i++)
                {
                    var ms = ev.TimestampMs[i] - ev.TimestampMs[i - 1];
                    if (clock == DurationClock.Local)
                    {
                        ms += (ev.UtcOffsetMinutes[i] - ev.UtcOffsetMinutes[i - 1]) * 60_000L;
                    }

                    var e = edgeIds.Get(ev.Touchpoint[i - 1], ev.Touchpoint[i]);
                    seconds[e][next[e]++] = ms / 1000.0;
                }
            }
        });

        var stats = new DurationStats[edgeCount];
        Parallel.For(0, edgeCount, e => stats[e] = DurationStats.Of(seconds[e]));

        var names = ev.TouchpointNames;
        long Sum(Func<PartCounts, long[]> pick, int i) => counts.Sum(c => pick(c)[i]);
        var edges = new List<ProcessEdge>(edgeCount);
        for (var e = 0; e < edgeCount; e++)
        {
            var (a, b) = edgeIds.Pair(e);
            edges.Add(new ProcessEdge(names[a], names[b], Sum(c => c.Edges, e), Sum(c => c.Cases, e), stats[e]));
        }

        return new ProcessMapResult(
            js.Count,
            Enumerable.Range(0, touchpoints).Select(t => new ProcessNode(names[t], Sum(c => c.Nodes, t))).Where(n => n.Frequency > 0)
                .OrderByDescending(n => n.Frequency).ThenBy(n => n.Name, StringComparer.Ordinal).ToList(),
            edges.OrderByDescending(e => e.Frequency).ThenBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal).ToList(),
            Counts(names, t => Sum(c => c.Starts, t)),
            Counts(names, t => Sum(c => c.Ends, t)));
    }

    private static Dictionary<string, long> Counts(string[] names, Func<int, long> count) =>
        Enumerable.Range(0, names.Length).Select(t => (Name: names[t], Count: count(t))).Where(x => x.Count > 0)
            .OrderByDescending(x => x.Count).ThenBy(x => x.Name, StringComparer.Ordinal)
            .ToDictionary(x => x.Name, x => x.Count);

    private sealed class PartCounts(int touchpoints, int edges)
    {
        public long[] Nodes { get; } = new long[touchpoints];
        public long[] Starts { get; } = new long[touchpoints];
        public long[] Ends { get; } = new long[touchpoints];
        public long[] Edges { get; } = new long[edges];
        public long[] Cases { get; } = new long[edges];
        public int[] LastJourney { get; } = Enumerable.Repeat(-1, edges).ToArray();
    }

    /// <summary>Dense ids for touchpoint pairs: a table when the touchpoints are few, a dictionary otherwise.</summary>
    private sealed class EdgeIds(int touchpoints)
    {
        private readonly int[]? _table = (long)touchpoints * touchpoints <= 4_000_000 ? Enumerable.Repeat(-1, touchpoints * touchpoints).ToArray() : null;
        private readonly Dictionary<long, int> _map = [];
        private readonly List<(int, int)> _pairs = [];

        public int Count => _pairs.Count;

        public void Touch(int a, int b)
        {
            var key = ((long)a * touchpoints) + b;
            if (_table is not null)
            {
                if (_table[key] < 0)
                {
                    _table[key] = _pairs.Count;
                    _pairs.Add((a, b));
                }
            }
            else if (_map.TryAdd(key, _pairs.Count))
            {
                _pairs.Add((a, b));
            }
        }

        public int Get(int a, int b)
        {
            var key = ((long)a * touchpoints) + b;
            return _table is not null ? _table[key] : _map[key];
        }

        public (int A, int B) Pair(int e) => _pairs[e];
    }
}
