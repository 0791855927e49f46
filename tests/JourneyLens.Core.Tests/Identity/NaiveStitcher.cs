using JourneyLens.Core.Identity;

namespace JourneyLens.Core.Tests.Identity;

/// <summary>
/// The obviously-correct reference for <see cref="IdentityResolver"/>: persons as explicit sets, every link checked by
/// scanning them. Quadratic, and fine for the few hundred identifiers of a property test.
/// </summary>
internal static class NaiveStitcher
{
    public static (int[] PersonOf, LinkDecision[] Decisions, int[] KeyOfPerson, int[] CountOfPerson) Resolve(IdentityGraph graph, IdentityRules rules)
    {
        var sets = Enumerable.Range(0, graph.Count).Select(i => new HashSet<int> { i }).ToList();
        var decisions = new LinkDecision[graph.Links.Length];
        for (var l = 0; l < graph.Links.Length; l++)
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

        // Key: strong before weak, then earliest seen, then first in the input. Persons ordered by their key.
        var keyed = sets.Select(s => (Set: s, Key: s.OrderBy(i => rules.IsStrong(graph.Types[i]) ? 0 : 1).ThenBy(i => graph.FirstSeenMs[i]).ThenBy(i => i).First()))
            .OrderBy(x => graph.FirstSeenMs[x.Key]).ThenBy(x => x.Key)
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
