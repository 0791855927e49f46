using JourneyLens.Core.Errors;

using JourneyLens.Core.Analyses;

namespace JourneyLens.Core.Tests.Analyses;

/// <summary>
/// The reference for <see cref="ProcessMapSimplifier"/>: the first version, which reaches again from the starts and
/// ends after every repair and scans every edge on each step back — slow, plainly right.
/// Simplifies a process map to its most frequent edges: edges are kept, most frequent first, until they cover the
/// requested share of all transitions; then, while a kept touchpoint cannot be reached from a start touchpoint or
/// cannot reach an end touchpoint, the most frequent edge that repairs it is added back. The map stays connected;
/// start and end counts are kept for the touchpoints that remain.
/// </summary>
internal static class ReferenceSimplifier
{
    public static ProcessMapResult Simplify(ProcessMapResult map, double share)
    {
        if (share is < 0 or > 1)
        {
            throw new AnalysisException("--share must be between 0 and 1");
        }

        var ordered = map.Edges.OrderByDescending(e => e.Frequency).ThenBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal).ToList();
        var total = ordered.Sum(e => e.Frequency);
        var kept = new HashSet<ProcessEdge>();
        long covered = 0;
        foreach (var edge in ordered)
        {
            if (covered >= share * total && kept.Count > 0)
            {
                break;
            }

            kept.Add(edge);
            covered += edge.Frequency;
        }

        // Repair: a kept touchpoint that the kept edges cut off from the starts (or the ends) gets back the path of
        // most frequent edges that connects it in the full map.
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var forward in new[] { true, false })
            {
                var seeds = forward ? map.Start.Keys : map.End.Keys;
                var reached = Reach(seeds, kept, forward);
                foreach (var node in kept.SelectMany(e => new[] { e.From, e.To }).Distinct(StringComparer.Ordinal).ToList())
                {
                    if (reached.Contains(node))
                    {
                        continue;
                    }

                    var path = PathBack(node, reached, ordered, forward);
                    if (path.Count > 0)
                    {
                        kept.UnionWith(path);
                        reached = Reach(seeds, kept, forward); // only after a repair: it may have connected others too
                        changed = true;
                    }
                }
            }
        }

        var keptNodes = kept.SelectMany(e => new[] { e.From, e.To }).ToHashSet(StringComparer.Ordinal);
        return map with
        {
            Nodes = map.Nodes.Where(n => keptNodes.Contains(n.Name)).ToList(),
            Edges = map.Edges.Where(kept.Contains).ToList(),
            Start = map.Start.Where(s => keptNodes.Contains(s.Key)).ToDictionary(),
            End = map.End.Where(s => keptNodes.Contains(s.Key)).ToDictionary(),
        };
    }

    /// <summary>
    /// From <paramref name="node"/> back to the reached set over all edges (predecessors when <paramref name="forward"/>,
    /// successors otherwise), trying the most frequent edges first; the edges of the path found, or none.
    /// </summary>
    private static List<ProcessEdge> PathBack(string node, HashSet<string> reached, List<ProcessEdge> byFrequency, bool forward)
    {
        var via = new Dictionary<string, ProcessEdge>(StringComparer.Ordinal);
        var queue = new Queue<string>([node]);
        var seen = new HashSet<string>(StringComparer.Ordinal) { node };
        while (queue.TryDequeue(out var current))
        {
            foreach (var edge in byFrequency.Where(e => (forward ? e.To : e.From) == current))
            {
                var other = forward ? edge.From : edge.To;
                if (!seen.Add(other))
                {
                    continue;
                }

                via[other] = edge;
                if (reached.Contains(other))
                {
                    var path = new List<ProcessEdge>();
                    for (var at = other; at != node; at = forward ? via[at].To : via[at].From)
                    {
                        path.Add(via[at]);
                    }

                    return path;
                }

                queue.Enqueue(other);
            }
        }

        return [];
    }

    private static HashSet<string> Reach(IEnumerable<string> seeds, HashSet<ProcessEdge> edges, bool forward)
    {
        var seen = seeds.ToHashSet(StringComparer.Ordinal);
        var queue = new Queue<string>(seen);
        var next = edges.ToLookup(e => forward ? e.From : e.To, e => forward ? e.To : e.From, StringComparer.Ordinal);
        while (queue.TryDequeue(out var node))
        {
            foreach (var neighbour in next[node])
            {
                if (seen.Add(neighbour))
                {
                    queue.Enqueue(neighbour);
                }
            }
        }

        return seen;
    }
}
