namespace JourneyLens.Core.Identity;

/// <summary>
/// Union–find over identifiers with the guards of <see cref="IdentityRules"/>. Links are applied in the order seen,
/// so the result is deterministic; a refused link is kept as a decision for <c>journeylens person</c> to explain.
/// </summary>
public static class IdentityResolver
{
    public static IdentityResolution Resolve(IdentityGraph graph, IdentityRules rules)
    {
        var n = graph.Count;
        var parent = new int[n];
        var size = new int[n];
        for (var i = 0; i < n; i++)
        {
            parent[i] = i;
            size[i] = 1;
        }

        // Unique-type values held by each root; only roots that hold any have an entry.
        var uniques = new Dictionary<int, Dictionary<string, string>>();
        for (var i = 0; i < n; i++)
        {
            if (rules.UniqueTypes.Contains(graph.Types[i]))
            {
                uniques[i] = new Dictionary<string, string>(StringComparer.Ordinal) { [graph.Types[i]] = graph.Values[i] };
            }
        }

        var decisions = new LinkDecision[graph.Links.Length];
        var details = new string?[graph.Links.Length];
        var capped = new HashSet<int>();
        for (var l = 0; l < graph.Links.Length; l++)
        {
            var (a, b) = graph.Links[l];
            int ra = Find(parent, a), rb = Find(parent, b);
            if (ra == rb)
            {
                decisions[l] = LinkDecision.AlreadyTogether;
                continue;
            }

            if (Conflict(uniques, ra, rb) is { } conflict)
            {
                decisions[l] = LinkDecision.RefusedUnique;
                details[l] = conflict;
                continue;
            }

            if (size[ra] + size[rb] > rules.MaxIdentifiersPerPerson)
            {
                decisions[l] = LinkDecision.RefusedCap;
                details[l] = $"the person would have {size[ra] + size[rb]} identifiers, more than the cap of {rules.MaxIdentifiersPerPerson}";
                capped.Add(size[ra] >= size[rb] ? ra : rb);
                continue;
            }

            if (size[ra] < size[rb])
            {
                (ra, rb) = (rb, ra);
            }

            parent[rb] = ra;
            size[ra] += size[rb];
            if (uniques.Remove(rb, out var moved))
            {
                if (!uniques.TryGetValue(ra, out var into))
                {
                    uniques[ra] = moved;
                }
                else
                {
                    foreach (var (k, v) in moved)
                    {
                        into[k] = v;
                    }
                }
            }

            if (capped.Remove(rb))
            {
                capped.Add(ra);
            }

            decisions[l] = LinkDecision.Merged;
        }

        return Number(graph, rules, parent, size, capped, decisions, details);
    }

    private static string? Conflict(Dictionary<int, Dictionary<string, string>> uniques, int ra, int rb)
    {
        if (!uniques.TryGetValue(ra, out var ua) || !uniques.TryGetValue(rb, out var ub))
        {
            return null;
        }

        foreach (var (type, value) in ua)
        {
            if (ub.TryGetValue(type, out var other) && !string.Equals(other, value, StringComparison.Ordinal))
            {
                return $"{type} is unique and the two sides have different values ({value} and {other})";
            }
        }

        return null;
    }

    /// <summary>Gives persons dense numbers in the order their key identifiers were first seen.</summary>
    private static IdentityResolution Number(IdentityGraph graph, IdentityRules rules, int[] parent, int[] size, HashSet<int> capped, LinkDecision[] decisions, string?[] details)
    {
        var n = graph.Count;
        var keyOfRoot = new Dictionary<int, int>();
        for (var i = 0; i < n; i++)
        {
            var root = Find(parent, i);
            if (!keyOfRoot.TryGetValue(root, out var key) || Better(graph, rules, i, key))
            {
                keyOfRoot[root] = i;
            }
        }

        var roots = keyOfRoot.Keys.ToArray();
        var keys = roots.Select(r => keyOfRoot[r]).ToArray();
        Array.Sort(keys, roots, Comparer<int>.Create((x, y) =>
        {
            var c = graph.FirstSeenMs[x].CompareTo(graph.FirstSeenMs[y]);
            return c != 0 ? c : x.CompareTo(y);
        }));

        var personOfRoot = new Dictionary<int, int>(roots.Length);
        for (var p = 0; p < roots.Length; p++)
        {
            personOfRoot[roots[p]] = p;
        }

        var personOf = new int[n];
        for (var i = 0; i < n; i++)
        {
            personOf[i] = personOfRoot[Find(parent, i)];
        }

        return new IdentityResolution
        {
            PersonOfIdentifier = personOf,
            KeyIdentifierOfPerson = keys,
            IdentifierCountOfPerson = roots.Select(r => size[r]).ToArray(),
            CappedPerson = roots.Select(capped.Contains).ToArray(),
            Decisions = decisions,
            DecisionDetails = details,
        };
    }

    /// <summary>True when identifier <paramref name="candidate"/> names a person better than <paramref name="current"/>.</summary>
    private static bool Better(IdentityGraph graph, IdentityRules rules, int candidate, int current)
    {
        bool cs = rules.IsStrong(graph.Types[candidate]), ks = rules.IsStrong(graph.Types[current]);
        if (cs != ks)
        {
            return cs;
        }

        var c = graph.FirstSeenMs[candidate].CompareTo(graph.FirstSeenMs[current]);
        return c != 0 ? c < 0 : candidate < current;
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }
}
