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

/// <summary>The process map of DESIGN §3, as pm4py's discover_dfg / discover_performance_dfg compute it.</summary>
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
    public static ProcessMapResult Compute(JourneyEngine engine, DurationClock clock = DurationClock.Utc)
    {
        var ev = engine.Events;
        var js = engine.Journeys;
        var touchpoints = ev.TouchpointNames.Length;
        var nodeCount = new long[touchpoints];
        var starts = new long[touchpoints];
        var ends = new long[touchpoints];
        var edgeIndex = new Dictionary<long, int>();
        var edges = new List<EdgeBuilder>();
        for (var j = 0; j < js.Count; j++)
        {
            int from = js.JourneyStart[j], to = js.JourneyStart[j + 1];
            starts[ev.Touchpoint[from]]++;
            ends[ev.Touchpoint[to - 1]]++;
            nodeCount[ev.Touchpoint[from]]++;
            for (var i = from + 1; i < to; i++)
            {
                int a = ev.Touchpoint[i - 1], b = ev.Touchpoint[i];
                nodeCount[b]++;
                var key = ((long)a * touchpoints) + b;
                if (!edgeIndex.TryGetValue(key, out var e))
                {
                    e = edges.Count;
                    edgeIndex[key] = e;
                    edges.Add(new EdgeBuilder(a, b));
                }

                var ms = ev.TimestampMs[i] - ev.TimestampMs[i - 1];
                if (clock == DurationClock.Local)
                {
                    ms += (ev.UtcOffsetMinutes[i] - ev.UtcOffsetMinutes[i - 1]) * 60_000L;
                }

                edges[e].Add(j, ms / 1000.0);
            }
        }

        var names = ev.TouchpointNames;
        return new ProcessMapResult(
            js.Count,
            Enumerable.Range(0, touchpoints).Where(t => nodeCount[t] > 0)
                .Select(t => new ProcessNode(names[t], nodeCount[t]))
                .OrderByDescending(n => n.Frequency).ThenBy(n => n.Name, StringComparer.Ordinal).ToList(),
            edges.Select(e => e.Build(names))
                .OrderByDescending(e => e.Frequency).ThenBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal).ToList(),
            Counts(names, starts),
            Counts(names, ends));
    }

    private static Dictionary<string, long> Counts(string[] names, long[] counts) =>
        Enumerable.Range(0, names.Length).Where(t => counts[t] > 0)
            .OrderByDescending(t => counts[t]).ThenBy(t => names[t], StringComparer.Ordinal)
            .ToDictionary(t => names[t], t => counts[t]);

    private sealed class EdgeBuilder(int from, int to)
    {
        private readonly List<double> _seconds = [];
        private long _cases;
        private int _lastJourney = -1;

        public void Add(int journey, double seconds)
        {
            _seconds.Add(seconds);
            if (journey != _lastJourney)
            {
                _lastJourney = journey;
                _cases++;
            }
        }

        public ProcessEdge Build(string[] names) =>
            new(names[from], names[to], _seconds.Count, _cases, DurationStats.Of(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_seconds)));
    }
}
