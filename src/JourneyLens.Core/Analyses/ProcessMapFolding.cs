namespace JourneyLens.Core.Analyses;

/// <summary>
/// A process map cut down to its busiest touchpoints for drawing: the others become one "Other" node, their edges
/// added up. Frequencies, starts and ends add exactly; an edge's mean duration is the frequency-weighted mean of the
/// edges folded into it (exact: the mean over all their transitions), its min and max the least and greatest; its
/// median and p90 cannot be told from the parts and are left unknown (NaN), as are its cases (a journey may hold
/// several folded edges). A map with thousands of touchpoints draws in moments and stays readable.
/// </summary>
public static class ProcessMapFolding
{
    public const int DefaultMaxNodes = 40;

    /// <summary>Edges drawn at most: the busiest; a picture with more is a tangle whatever the layout.</summary>
    public const int DefaultMaxEdges = 100;

    /// <summary>The map with only its <paramref name="maxEdges"/> busiest edges (ties by name); nodes, starts and ends as they are.</summary>
    public static ProcessMapResult Busiest(ProcessMapResult map, int maxEdges = DefaultMaxEdges) =>
        map.Edges.Count <= maxEdges ? map : map with
        {
            Edges = [.. map.Edges.OrderByDescending(e => e.Frequency).ThenBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal).Take(maxEdges)],
        };

    /// <summary>The name of the folded node, saying how many touchpoints it stands for.</summary>
    public static string OtherName(int folded) => $"Other ({folded:N0} touchpoints)";

    public static ProcessMapResult Fold(ProcessMapResult map, int maxNodes = DefaultMaxNodes)
    {
        if (map.Nodes.Count <= maxNodes)
        {
            return map;
        }

        var kept = map.Nodes.OrderByDescending(n => n.Frequency).ThenBy(n => n.Name, StringComparer.Ordinal).Take(maxNodes - 1).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var other = OtherName(map.Nodes.Count - kept.Count);
        string Of(string name) => kept.Contains(name) ? name : other;

        var nodes = map.Nodes.GroupBy(n => Of(n.Name)).Select(g => new ProcessNode(g.Key, g.Sum(n => n.Frequency)))
            .OrderByDescending(n => n.Frequency).ThenBy(n => n.Name, StringComparer.Ordinal).ToList();
        var edges = map.Edges.GroupBy(e => (From: Of(e.From), To: Of(e.To))).Select(g =>
        {
            var parts = g.ToList();
            if (parts.Count == 1 && parts[0].From == g.Key.From && parts[0].To == g.Key.To)
            {
                return parts[0];
            }

            var frequency = parts.Sum(e => e.Frequency);
            var mean = parts.Sum(e => e.Duration.Mean * e.Frequency) / frequency;
            return new ProcessEdge(g.Key.From, g.Key.To, frequency, -1, new DurationStats(mean, double.NaN, parts.Min(e => e.Duration.Min), parts.Max(e => e.Duration.Max), double.NaN));
        }).OrderByDescending(e => e.Frequency).ThenBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal).ToList();

        static IReadOnlyDictionary<string, long> Sum(IReadOnlyDictionary<string, long> counts, Func<string, string> of) =>
            counts.GroupBy(c => of(c.Key)).ToDictionary(g => g.Key, g => g.Sum(c => c.Value), StringComparer.Ordinal);

        return new ProcessMapResult(map.Journeys, nodes, edges, Sum(map.Start, Of), Sum(map.End, Of));
    }
}
