namespace JourneyLens.Core.Identity;

/// <summary>
/// Union–find over identifiers with the guards of <see cref="IdentityRules"/>. Links are applied in the order
/// <see cref="LinkOrder"/> gives (the time each was first seen, then names), so the result is deterministic and the
/// same however the data was split into files or batches; a refused link is kept as a decision for
/// <c>journeylens person</c> to explain.
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

        // The unique-type identifiers of each root as a linked list. A person holds at most one value per unique
        // type, so a list is as short as the number of unique types; merging two lists is O(1).
        var uniques = new UniqueLists(graph, rules);

        var decisions = new LinkDecision[graph.Links.Length];
        var details = new string?[graph.Links.Length];
        var capped = new HashSet<int>();
        foreach (var l in LinkOrder(graph))
        {
            // Each pair the same way round however it was first written, so that ties (which person is marked
            // capped, the sides named in a refusal) do not depend on the order the data arrived in.
            var (a, b) = Ordered(graph, graph.Links[l]);
            int ra = Find(parent, a), rb = Find(parent, b);
            if (ra == rb)
            {
                decisions[l] = LinkDecision.AlreadyTogether;
                continue;
            }

            if (uniques.Conflict(ra, rb) is { } conflict)
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
            uniques.Append(ra, rb);

            if (capped.Remove(rb))
            {
                capped.Add(ra);
            }

            decisions[l] = LinkDecision.Merged;
        }

        return Number(graph, rules, parent, size, capped, decisions, details);
    }

    /// <summary>The order links are applied in: by the time first seen, then by the names of the two identifiers (the lesser first).</summary>
    public static int[] LinkOrder(IdentityGraph graph)
    {
        var order = new int[graph.Links.Length];
        for (var l = 0; l < order.Length; l++)
        {
            order[l] = l;
        }

        // Sorting primitives by time first, and only the runs of equal times by name, is many times faster than
        // comparing names throughout: most links were seen at a time of their own.
        var times = (long[])graph.LinkSeenMs.Clone();
        Array.Sort(times, order);
        var byName = Comparer<int>.Create((x, y) => CompareLinks(graph, x, y));
        for (var start = 0; start < times.Length;)
        {
            var end = start + 1;
            while (end < times.Length && times[end] == times[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                Array.Sort(order, start, end - start, byName);
            }

            start = end;
        }

        return order;
    }

    /// <summary>Links seen at the same time, by their identifiers' names.</summary>
    private static int CompareLinks(IdentityGraph graph, int x, int y)
    {
        var (xLow, xHigh) = Ordered(graph, graph.Links[x]);
        var (yLow, yHigh) = Ordered(graph, graph.Links[y]);
        var c = graph.CompareNames(xLow, yLow);
        c = c != 0 ? c : graph.CompareNames(xHigh, yHigh);
        return c != 0 ? c : x.CompareTo(y);
    }

    private static (int Low, int High) Ordered(IdentityGraph graph, (int A, int B) link) =>
        graph.CompareNames(link.A, link.B) <= 0 ? link : (link.B, link.A);

    /// <summary>Gives persons dense numbers in the order their key identifiers were first seen, equal times by name.</summary>
    private static IdentityResolution Number(IdentityGraph graph, IdentityRules rules, int[] parent, int[] size, HashSet<int> capped, LinkDecision[] decisions, string?[] details)
    {
        // Arrays indexed by identifier rather than dictionaries keyed by root: a file holds millions of identifiers.
        var n = graph.Count;
        var strong = FlagOfType(graph.Types, rules.IsStrong);
        var rootOf = new int[n];
        var keyOfRoot = new int[n];
        Array.Fill(keyOfRoot, -1);
        var personCount = 0;
        for (var i = 0; i < n; i++)
        {
            var root = rootOf[i] = Find(parent, i);
            var key = keyOfRoot[root];
            if (key < 0)
            {
                personCount++;
                keyOfRoot[root] = i;
            }
            else if (Better(graph, strong, i, key))
            {
                keyOfRoot[root] = i;
            }
        }

        var keys = new int[personCount];
        var keySeen = new long[personCount];
        for (int root = 0, p = 0; root < n; root++)
        {
            if (keyOfRoot[root] >= 0)
            {
                keys[p] = keyOfRoot[root];
                keySeen[p++] = graph.FirstSeenMs[keyOfRoot[root]];
            }
        }

        SortByTimeThenName(graph, keySeen, keys);
        var personOfRoot = new int[n];
        for (var p = 0; p < keys.Length; p++)
        {
            personOfRoot[rootOf[keys[p]]] = p;
        }

        var personOf = new int[n];
        for (var i = 0; i < n; i++)
        {
            personOf[i] = personOfRoot[rootOf[i]];
        }

        return new IdentityResolution
        {
            PersonOfIdentifier = personOf,
            KeyIdentifierOfPerson = keys,
            IdentifierCountOfPerson = keys.Select(k => size[rootOf[k]]).ToArray(),
            CappedPerson = keys.Select(k => capped.Contains(rootOf[k])).ToArray(),
            Decisions = decisions,
            DecisionDetails = details,
        };
    }

    /// <summary>Sorts <paramref name="indexes"/> by their times, equal times by name (the sort of primitives is not stable).</summary>
    private static void SortByTimeThenName(IdentityGraph graph, long[] times, int[] indexes)
    {
        Array.Sort(times, indexes);
        for (var start = 0; start < times.Length;)
        {
            var end = start + 1;
            while (end < times.Length && times[end] == times[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                Array.Sort(indexes, start, end - start, Comparer<int>.Create(graph.CompareNames));
            }

            start = end;
        }
    }

    /// <summary>True when identifier <paramref name="candidate"/> names a person better than <paramref name="current"/>.</summary>
    private static bool Better(IdentityGraph graph, bool[] strong, int candidate, int current)
    {
        if (strong[candidate] != strong[current])
        {
            return strong[candidate];
        }

        var c = graph.FirstSeenMs[candidate].CompareTo(graph.FirstSeenMs[current]);
        return c != 0 ? c < 0 : graph.CompareNames(candidate, current) < 0;
    }

    /// <summary>A flag of each identifier's type, asked once per run of the same type string: a graph has few types.</summary>
    public static bool[] FlagOfType(IReadOnlyList<string> types, Func<string, bool> test)
    {
        var flags = new bool[types.Count];
        string? last = null;
        var flag = false;
        for (var i = 0; i < flags.Length; i++)
        {
            if (!ReferenceEquals(types[i], last))
            {
                last = types[i];
                flag = test(last);
            }

            flags[i] = flag;
        }

        return flags;
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

    private sealed class UniqueLists
    {
        private readonly IdentityGraph _graph;
        private readonly int[] _head, _tail, _next;

        public UniqueLists(IdentityGraph graph, IdentityRules rules)
        {
            _graph = graph;
            _head = new int[graph.Count];
            _tail = new int[graph.Count];
            _next = new int[graph.Count];
            var unique = FlagOfType(graph.Types, rules.UniqueTypes.Contains);
            for (var i = 0; i < graph.Count; i++)
            {
                _head[i] = _tail[i] = unique[i] ? i : -1;
            }

            Array.Fill(_next, -1);
        }

        /// <summary>Why roots a and b may not merge: the same unique type with different values; null when they may.</summary>
        public string? Conflict(int ra, int rb)
        {
            for (var x = _head[ra]; x >= 0; x = _next[x])
            {
                for (var y = _head[rb]; y >= 0; y = _next[y])
                {
                    if (string.Equals(_graph.Types[x], _graph.Types[y], StringComparison.Ordinal) && !string.Equals(_graph.Values[x], _graph.Values[y], StringComparison.Ordinal))
                    {
                        return $"{_graph.Types[x]} is unique and the two sides have different values ({_graph.Values[x]} and {_graph.Values[y]})";
                    }
                }
            }

            return null;
        }

        /// <summary>Moves the list of root <paramref name="from"/> onto root <paramref name="into"/> (their types never clash: that merge is refused).</summary>
        public void Append(int into, int from)
        {
            if (_head[from] < 0)
            {
                return;
            }

            if (_head[into] < 0)
            {
                (_head[into], _tail[into]) = (_head[from], _tail[from]);
            }
            else
            {
                _next[_tail[into]] = _head[from];
                _tail[into] = _tail[from];
            }

            _head[from] = _tail[from] = -1;
        }
    }
}
