using JourneyLens.Core.Identity;

namespace JourneyLens.Core.Tests.Identity;

/// <summary>
/// The obviously-correct reference for <see cref="IdentityResolver"/>: persons as explicit sets, every link checked by
/// scanning them, links taken by time then names. Quadratic, and fine for the few hundred identifiers of a property test.
/// </summary>
internal static class NaiveStitcher
{
    public static (int[] PersonOf, LinkDecision[] Decisions, int[] KeyOfPerson, int[] CountOfPerson) Resolve(IdentityGraph graph, IdentityRules rules)
    {
        var sets = Enumerable.Range(0, graph.Count).Select(i => new HashSet<int> { i }).ToList();
        var decisions = new LinkDecision[graph.Links.Length];
        string Name(int i) => $"{graph.Types[i]}\u0000{graph.Values[i]}";
        // Each end as (name, index): equal names (only random graphs have them) fall back to the index.
        var order = Enumerable.Range(0, graph.Links.Length)
            .Select(l => (Link: l, Ends: new[] { (Name: Name(graph.Links[l].A), Index: graph.Links[l].A), (Name: Name(graph.Links[l].B), Index: graph.Links[l].B) }
                .OrderBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.Index).ToArray()))
            .OrderBy(x => graph.LinkSeenMs[x.Link])
            .ThenBy(x => x.Ends[0].Name, StringComparer.Ordinal).ThenBy(x => x.Ends[0].Index)
            .ThenBy(x => x.Ends[1].Name, StringComparer.Ordinal).ThenBy(x => x.Ends[1].Index)
            .ThenBy(x => x.Link)
            .Select(x => x.Link);
        foreach (var l in order)
        {
            var (a, b) = graph.Links[l];
            var sa = sets.Single(s => s.Contains(a));
            var sb = sets.Single(s => s.Contains(b));
            if (ReferenceEquals(sa, sb))
            {
                decisions[l] = LinkDecision.AlreadyTogether;
            }
            else if (sa.Any(x => sb.Any(y => graph.Types[x] == graph.Types[y] && rules.UniqueTypes.Contains(graph.Types[x]) && graph.Values[x] != graph.Values[y])))
            {
                decisions[l] = LinkDecision.RefusedUnique;
            }
            else if (sa.Count + sb.Count > rules.MaxIdentifiersPerPerson)
            {
                decisions[l] = LinkDecision.RefusedCap;
            }
            else
            {
                sa.UnionWith(sb);
                sets.Remove(sb);
                decisions[l] = LinkDecision.Merged;
            }
        }

        // Key: strong before weak, then earliest seen, then by name. Persons ordered by their key's time, then name.
        var keyed = sets.Select(s => (Set: s, Key: s.OrderBy(i => rules.IsStrong(graph.Types[i]) ? 0 : 1).ThenBy(i => graph.FirstSeenMs[i]).ThenBy(Name, StringComparer.Ordinal).ThenBy(i => i).First()))
            .OrderBy(x => graph.FirstSeenMs[x.Key]).ThenBy(x => Name(x.Key), StringComparer.Ordinal).ThenBy(x => x.Key)
            .ToList();
        var personOf = new int[graph.Count];
        for (var p = 0; p < keyed.Count; p++)
        {
            foreach (var i in keyed[p].Set)
            {
                personOf[i] = p;
            }
        }

        return (personOf, decisions, keyed.Select(x => x.Key).ToArray(), keyed.Select(x => x.Set.Count).ToArray());
    }
}
