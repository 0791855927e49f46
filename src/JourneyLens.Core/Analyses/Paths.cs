using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;
using JourneyLens.Core.Errors;

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
/// Paths as docs/analyses.md defines them (after PostHog): each journey's touchpoints with consecutive repeats collapsed, sliced from
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

        // Journeys are split into one part per core; each part groups its paths, and the parts are merged in order.
        var partResults = Chunks.Run(js.Count, Chunks.Count(js.Count, 20_000, Environment.ProcessorCount), (_, first, last) =>
        {
            long includedHere = 0;
            var local = new Dictionary<int[], Group>(SequenceComparer.Instance);
            var lookup = local.GetAlternateLookup<ReadOnlySpan<int>>();
            var sequence = new List<int>();
            var times = new List<long>();
            for (var j = first; j < last; j++)
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

                includedHere++;
                var path = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sequence)[from..to];
                if (!lookup.TryGetValue(path, out var group))
                {
                    group = new Group(path.ToArray());
                    lookup[path] = group;
                }

                group.Add(ev, js, j, (times[to - 1] - times[from]) / 1000.0, goal);
            }

            return (Groups: local, Included: includedHere);
        });

        var included = partResults.Sum(p => p.Included);
        var groups = new Dictionary<int[], Group>(SequenceComparer.Instance);
        foreach (var (local, _) in partResults)
        {
            foreach (var (path, group) in local)
            {
                if (groups.TryGetValue(path, out var merged))
                {
                    merged.Merge(group);
                }
                else
                {
                    groups[path] = group;
                }
            }
        }

        return Finish(ev.TouchpointNames, [.. groups.Values.Select(g => g.Counted())], included, request, goal >= 0);
    }

    /// <summary>
    /// One distinct path with what its journeys add up to: touchpoint codes into the names given to <see cref="Finish"/>,
    /// and the median of the journeys' durations, asked only of the paths listed.
    /// </summary>
    public sealed record PathGroup(int[] Path, long Journeys, long Converted, double NpsSum, long NpsCount, Func<double> MedianSeconds);

    /// <summary>
    /// The result from the distinct paths, however they were counted (the engine here, a cluster's SQL): the top paths
    /// in order and the Sankey, so that every backend shares this arithmetic and agrees to the last digit.
    /// </summary>
    public static PathsResult Finish(string[] names, IReadOnlyList<PathGroup> groups, long included, PathsRequest request, bool hasGoal)
    {
        var rows = groups
            .OrderByDescending(g => g.Journeys).ThenBy(g => string.Join('\u001f', g.Path.Select(p => names[p])), StringComparer.Ordinal)
            .Take(request.Top)
            .Select(g => new PathRow(g.Path.Select(p => names[p]).ToList(), g.Journeys, (double)g.Journeys / included,
                hasGoal ? (double)g.Converted / g.Journeys : null,
                g.MedianSeconds(),
                g.NpsCount == 0 ? null : g.NpsSum / g.NpsCount))
            .ToList();
        return new PathsResult(included, rows, BuildSankey(groups, names, request.MinNodeShare));
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

    private const int OtherLabel = -1, EndLabel = -2;

    /// <summary>Built from the distinct paths weighted by their journeys, which are far fewer than the journeys.</summary>
    private static Sankey BuildSankey(IReadOnlyList<PathGroup> groups, string[] names, double minShare)
    {
        var longest = groups.Count == 0 ? 0 : groups.Max(g => g.Path.Length);

        // Per column, touchpoints below the minimum share of the column are labelled Other.
        var keep = new bool[longest][];
        var counts = new long[names.Length];
        for (var c = 0; c < longest; c++)
        {
            Array.Clear(counts);
            long reached = 0;
            foreach (var g in groups)
            {
                if (g.Path.Length > c)
                {
                    counts[g.Path[c]] += g.Journeys;
                    reached += g.Journeys;
                }
            }

            keep[c] = counts.Select(n => n > 0 && n >= minShare * reached).ToArray();
        }

        int Label(int[] path, int c) => c >= path.Length ? EndLabel : keep[c][path[c]] ? path[c] : OtherLabel;
        static long Key(int column, int a, int b = 0) => ((long)column << 42) | ((long)(a + 2) << 21) | (uint)(b + 2);

        var nodes = new Dictionary<long, long>();
        var edges = new Dictionary<long, long>();
        foreach (var g in groups)
        {
            var path = g.Path;
            for (var c = 0; c < path.Length; c++)
            {
                int label = Label(path, c), next = Label(path, c + 1);
                nodes[Key(c, label)] = nodes.GetValueOrDefault(Key(c, label)) + g.Journeys;
                edges[Key(c, label, next)] = edges.GetValueOrDefault(Key(c, label, next)) + g.Journeys;
                if (next == EndLabel)
                {
                    nodes[Key(c + 1, EndLabel)] = nodes.GetValueOrDefault(Key(c + 1, EndLabel)) + g.Journeys;
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

    private sealed class Group(int[] path)
    {
        public int[] Path { get; } = path;
        public long Journeys;
        public long Converted;
        public List<double> Durations { get; } = [];
        public double NpsSum;
        public long NpsCount;

        public void Add(EventTable ev, JourneyIndex js, int journey, double seconds, int goal)
        {
            Journeys++;
            Durations.Add(seconds);
            var reachedGoal = false;
            for (var i = js.JourneyStart[journey]; i < js.JourneyStart[journey + 1]; i++)
            {
                reachedGoal |= ev.Touchpoint[i] == goal;
                if (ev.ScoreType[i] == ScoreType.Nps)
                {
                    NpsSum += ev.Score[i];
                    NpsCount++;
                }
            }

            Converted += reachedGoal ? 1 : 0;
        }

        public PathGroup Counted() => new(Path, Journeys, Converted, NpsSum, NpsCount, () => DurationStats.Of([.. Durations]).Median);

        public void Merge(Group other)
        {
            Journeys += other.Journeys;
            Converted += other.Converted;
            Durations.AddRange(other.Durations);
            NpsSum += other.NpsSum;
            NpsCount += other.NpsCount;
        }
    }
}
