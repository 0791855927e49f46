using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;

namespace JourneyLens.Core.Analyses;

public sealed record PathsRequest(
    int Steps = 5,
    string? StartAt = null,
    string? EndAt = null,
    string? Goal = null,
    int Top = 20,
    double MinNodeShare = 0.01);

/// <summary>One path: its steps, the journeys that follow it, their share, how many reach the goal, duration and NPS.</summary>
public sealed record PathRow(IReadOnlyList<string> Steps, long Journeys, double Share, double? GoalConversion, double MedianDurationSeconds, double? MeanNps);

public sealed record SankeyNode(int Column, string Name, long Journeys);

public sealed record SankeyEdge(int FromColumn, string From, string To, long Journeys);

public sealed record Sankey(IReadOnlyList<SankeyNode> Nodes, IReadOnlyList<SankeyEdge> Edges);

public sealed record PathsResult(long Journeys, IReadOnlyList<PathRow> Paths, Sankey Sankey);

/// <summary>
/// Paths of DESIGN §3 (after PostHog): each journey's touchpoints with consecutive repeats collapsed, sliced from
/// the first occurrence of <see cref="PathsRequest.StartAt"/> and/or up to and including the first occurrence of
/// <see cref="PathsRequest.EndAt"/> (journeys without them are left out), limited to the first N steps (the last
/// N when only an end point is given). The Sankey folds nodes below the minimum share of their column into
/// <c>Other</c> and shows where paths stop as <c>(end)</c>, so every column adds up to the journeys that reached it.
/// </summary>
public static class Paths
{
    public const string Other = "Other";
    public const string End = "(end)";

    public static PathsResult Compute(JourneyEngine engine, PathsRequest request)
    {
        if (request.Steps is < 1 or > 50)
        {
            throw new AnalysisException("--steps must be between 1 and 50");
        }

        var ev = engine.Events;
        var js = engine.Journeys;
        var code = ev.TouchpointNames.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
        int Code(string? name, string what) => name is null ? -1 : code.TryGetValue(name, out var c) ? c : throw new AnalysisException($"{what}: no touchpoint '{name}' in the workspace");
        int start = Code(request.StartAt, "--start"), end = Code(request.EndAt, "--end"), goal = Code(request.Goal, "--goal");

        var groups = new Dictionary<int[], Group>(SequenceComparer.Instance);
        var paths = new List<int[]>();
        var sequence = new List<int>();
        var times = new List<long>();
        long included = 0;
        for (var j = 0; j < js.Count; j++)
        {
            sequence.Clear();
            times.Clear();
            for (var i = js.JourneyStart[j]; i < js.JourneyStart[j + 1]; i++)
            {
                if (sequence.Count == 0 || sequence[^1] != ev.Touchpoint[i])
                {
                    sequence.Add(ev.Touchpoint[i]);
                    times.Add(ev.TimestampMs[i]);
                }
            }

            if (!Slice(sequence, start, end, request.Steps, out var from, out var to))
            {
                continue;
            }

            included++;
            var path = sequence.GetRange(from, to - from).ToArray();
            paths.Add(path);
            if (!groups.TryGetValue(path, out var group))
            {
                group = new Group(path);
                groups[path] = group;
            }

            group.Journeys++;
            group.Durations.Add((times[to - 1] - times[from]) / 1000.0);
            if (goal >= 0 && Reaches(ev, js, j, goal))
            {
                group.Converted++;
            }

            for (var i = js.JourneyStart[j]; i < js.JourneyStart[j + 1]; i++)
            {
                if (ev.ScoreType[i] == ScoreType.Nps)
                {
                    group.NpsSum += ev.Score[i];
                    group.NpsCount++;
                }
            }
        }

        var names = ev.TouchpointNames;
        var rows = groups.Values
            .OrderByDescending(g => g.Journeys).ThenBy(g => string.Join('\u001f', g.Path.Select(p => names[p])), StringComparer.Ordinal)
            .Take(request.Top)
            .Select(g => new PathRow(g.Path.Select(p => names[p]).ToList(), g.Journeys, (double)g.Journeys / included,
                goal >= 0 ? (double)g.Converted / g.Journeys : null,
                DurationStats.Of(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(g.Durations)).Median,
                g.NpsCount == 0 ? null : g.NpsSum / g.NpsCount))
            .ToList();
        return new PathsResult(included, rows, BuildSankey(paths, names, request.MinNodeShare));
    }

    /// <summary>The part of a collapsed sequence a path covers, or false when the journey lacks the start or end point.</summary>
    internal static bool Slice(List<int> sequence, int start, int end, int steps, out int from, out int to)
    {
        from = 0;
        to = sequence.Count;
        if (start >= 0)
        {
            from = sequence.IndexOf(start);
            if (from < 0)
            {
                return false;
            }
        }

        if (end >= 0)
        {
            var at = sequence.IndexOf(end, from);
            if (at < 0)
            {
                return false;
            }

            to = at + 1;
            if (start < 0)
            {
                from = Math.Max(from, to - steps); // what led into the end point: the last N steps
            }
        }

        to = Math.Min(to, from + steps);
        return true;
    }

    private static bool Reaches(EventTable ev, JourneyIndex js, int journey, int goal)
    {
        for (var i = js.JourneyStart[journey]; i < js.JourneyStart[journey + 1]; i++)
        {
            if (ev.Touchpoint[i] == goal)
            {
                return true;
            }
        }

        return false;
    }

    private const int OtherLabel = -1, EndLabel = -2;

    private static Sankey BuildSankey(List<int[]> paths, string[] names, double minShare)
    {
        var longest = paths.Count == 0 ? 0 : paths.Max(p => p.Length);

        // Per column, touchpoints below the minimum share of the column are labelled Other.
        var keep = new bool[longest][];
        var counts = new long[names.Length];
        for (var c = 0; c < longest; c++)
        {
            Array.Clear(counts);
            long reached = 0;
            foreach (var p in paths)
            {
                if (p.Length > c)
                {
                    counts[p[c]]++;
                    reached++;
                }
            }

            keep[c] = counts.Select(n => n > 0 && n >= minShare * reached).ToArray();
        }

        int Label(int[] path, int c) => c >= path.Length ? EndLabel : keep[c][path[c]] ? path[c] : OtherLabel;
        static long Key(int column, int a, int b = 0) => ((long)column << 42) | ((long)(a + 2) << 21) | (uint)(b + 2);

        var nodes = new Dictionary<long, long>();
        var edges = new Dictionary<long, long>();
        foreach (var path in paths)
        {
            for (var c = 0; c < path.Length; c++)
            {
                int label = Label(path, c), next = Label(path, c + 1);
                nodes[Key(c, label)] = nodes.GetValueOrDefault(Key(c, label)) + 1;
                edges[Key(c, label, next)] = edges.GetValueOrDefault(Key(c, label, next)) + 1;
                if (next == EndLabel)
                {
                    nodes[Key(c + 1, EndLabel)] = nodes.GetValueOrDefault(Key(c + 1, EndLabel)) + 1;
                }
            }
        }

        string Name(long code) => code switch { OtherLabel => Other, EndLabel => End, _ => names[code] };
        (int Column, int A, int B) Unpack(long key) => ((int)(key >> 42), (int)((key >> 21) & 0x1FFFFF) - 2, (int)(key & 0x1FFFFF) - 2);
        return new Sankey(
            nodes.Select(n => (Key: Unpack(n.Key), n.Value)).Select(n => new SankeyNode(n.Key.Column, Name(n.Key.A), n.Value))
                .OrderBy(n => n.Column).ThenByDescending(n => n.Journeys).ThenBy(n => n.Name, StringComparer.Ordinal).ToList(),
            edges.Select(e => (Key: Unpack(e.Key), e.Value)).Select(e => new SankeyEdge(e.Key.Column, Name(e.Key.A), Name(e.Key.B), e.Value))
                .OrderBy(e => e.FromColumn).ThenByDescending(e => e.Journeys).ThenBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal).ToList());
    }

    /// <summary>Compares touchpoint sequences by content.</summary>
    private sealed class SequenceComparer : IEqualityComparer<int[]>
    {
        public static readonly SequenceComparer Instance = new();

        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(obj.AsSpan()));
            return hash.ToHashCode();
        }
    }

    private sealed class Group(int[] path)
    {
        public int[] Path { get; } = path;
        public long Journeys;
        public long Converted;
        public List<double> Durations { get; } = [];
        public double NpsSum;
        public long NpsCount;
    }
}
