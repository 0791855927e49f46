using JourneyLens.Core.Errors;

namespace JourneyLens.Core.Analyses;

/// <summary>
/// Simplifies a process map to its most frequent edges: edges are kept, most frequent first, until they cover the
/// requested share of all transitions; then, while a kept touchpoint cannot be reached from a start touchpoint or
/// cannot reach an end touchpoint, the most frequent edge that repairs it is added back. The map stays connected;
/// start and end counts are kept for the touchpoints that remain.
/// </summary>
public static class ProcessMapSimplifier
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
        // most frequent edges that connects it in the full map. Each node's edges in and out, most frequent first, are
        // looked up rather than searched for: a 7,000-touchpoint map took seconds scanning every edge per step.
        var into = ordered.ToLookup(e => e.To, StringComparer.Ordinal);
        var outOf = ordered.ToLookup(e => e.From, StringComparer.Ordinal);
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var forward in new[] { true, false })
            {
                var seeds = forward ? map.Start.Keys : map.End.Keys;
                var next = kept.GroupBy(e => forward ? e.From : e.To, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Select(e => forward ? e.To : e.From).ToList(), StringComparer.Ordinal);
                var reached = seeds.ToHashSet(StringComparer.Ordinal);
                Extend(reached, reached.ToList(), next);
                foreach (var node in kept.SelectMany(e => new[] { e.From, e.To }).Distinct(StringComparer.Ordinal).ToList())
                {
                    if (reached.Contains(node))
                    {
                        continue;
                    }

                    var path = PathBack(node, reached, forward ? into : outOf, forward);
                    if (path.Count > 0)
                    {
                        // The path joins the node to what is reached, and may join others through it: reach on from its
                        // nodes only, not again from the seeds (a 7,000-touchpoint map repairs thousands of times).
                        var added = path.Where(kept.Add).ToList();
                        foreach (var edge in added)
                        {
                            var (from, to) = forward ? (edge.From, edge.To) : (edge.To, edge.From);
                            (next.TryGetValue(from, out var list) ? list : next[from] = []).Add(to);
                        }

                        var fresh = path.SelectMany(e => new[] { e.From, e.To }).Where(reached.Add).ToList();
                        Extend(reached, fresh, next);
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
    /// <param name="edgesAt">Each node's edges towards the reached set (into it when forward), most frequent first.</param>
    private static List<ProcessEdge> PathBack(string node, HashSet<string> reached, ILookup<string, ProcessEdge> edgesAt, bool forward)
    {
        var via = new Dictionary<string, ProcessEdge>(StringComparer.Ordinal);
        var queue = new Queue<string>([node]);
        var seen = new HashSet<string>(StringComparer.Ordinal) { node };
        while (queue.TryDequeue(out var current))
        {
            foreach (var edge in edgesAt[current])
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

    /// <summary>Adds to <paramref name="reached"/> everything reachable from <paramref name="from"/> over <paramref name="next"/>.</summary>
    private static void Extend(HashSet<string> reached, IEnumerable<string> from, Dictionary<string, List<string>> next)
    {
        var queue = new Queue<string>(from);
        while (queue.TryDequeue(out var node))
        {
            foreach (var neighbour in next.GetValueOrDefault(node) ?? [])
            {
                if (reached.Add(neighbour))
                {
                    queue.Enqueue(neighbour);
                }
            }
        }
    }
}
