using JourneyLens.Core.Analyses;

namespace JourneyLens.Rendering;

/// <summary>
/// A layered (Sugiyama-style) layout of a process map, top to bottom: back edges are found by a depth-first search
/// from the start, most frequent edges first, so the main flow runs downwards; each node sits one layer below its
/// deepest predecessor on the remaining acyclic graph; nodes within a layer are ordered by the barycentre of their
/// neighbours, sweeping down and up a few times to reduce crossings.
/// </summary>
internal sealed class ProcessMapLayout
{
    public const string StartNode = "▶ start", EndNode = "■ end";

    public ProcessMapLayout(ProcessMapResult map)
    {
        Names = [StartNode, .. map.Nodes.Select(n => n.Name), EndNode];
        var index = Names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
        var (start, end) = (0, Names.Count - 1);
        Edges = [
            .. map.Start.Select(s => (start, index[s.Key], s.Value)),
            .. map.Edges.Select(e => (index[e.From], index[e.To], e.Frequency)),
            .. map.End.Select(e => (index[e.Key], end, e.Value)),
        ];
        Back = BackEdges(Names.Count, Edges, start);
        Layer = Layers(Names.Count, Edges, Back, end);
        Rows = Order(Names.Count, Edges, Back, Layer);
    }

    public IReadOnlyList<string> Names { get; }

    /// <summary>From, to, frequency — including start → first touchpoints and last touchpoints → end.</summary>
    public IReadOnlyList<(int From, int To, long Frequency)> Edges { get; }

    /// <summary>Edges that point back (loops, returns to an earlier step), drawn beside the flow.</summary>
    public IReadOnlySet<int> Back { get; }

    public int[] Layer { get; }

    /// <summary>Node indexes per layer, left to right.</summary>
    public IReadOnlyList<List<int>> Rows { get; }

    private static HashSet<int> BackEdges(int n, IReadOnlyList<(int From, int To, long Frequency)> edges, int start)
    {
        var outgoing = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        foreach (var e in Enumerable.Range(0, edges.Count).OrderByDescending(e => edges[e].Frequency))
        {
            outgoing[edges[e].From].Add(e);
        }

        var state = new byte[n]; // 0 unseen, 1 on the stack, 2 done
        var back = new HashSet<int>();
        foreach (var root in Enumerable.Range(0, n).OrderBy(v => v == start ? 0 : 1))
        {
            if (state[root] != 0)
            {
                continue;
            }

            // Iterative DFS: deep maps must not overflow the stack.
            var stack = new Stack<(int Node, int Next)>();
            stack.Push((root, 0));
            state[root] = 1;
            while (stack.Count > 0)
            {
                var (v, next) = stack.Pop();
                if (next == outgoing[v].Count)
                {
                    state[v] = 2;
                    continue;
                }

                stack.Push((v, next + 1));
                var e = outgoing[v][next];
                var w = edges[e].To;
                if (state[w] == 1)
                {
                    back.Add(e);
                }
                else if (state[w] == 0)
                {
                    state[w] = 1;
                    stack.Push((w, 0));
                }
            }
        }

        return back;
    }

    private static int[] Layers(int n, IReadOnlyList<(int From, int To, long Frequency)> edges, IReadOnlySet<int> back, int end)
    {
        var indegree = new int[n];
        var outgoing = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        for (var e = 0; e < edges.Count; e++)
        {
            if (!back.Contains(e) && edges[e].From != edges[e].To)
            {
                outgoing[edges[e].From].Add(edges[e].To);
                indegree[edges[e].To]++;
            }
        }

        var layer = new int[n];
        var ready = new Queue<int>(Enumerable.Range(0, n).Where(v => indegree[v] == 0));
        while (ready.Count > 0)
        {
            var v = ready.Dequeue();
            foreach (var w in outgoing[v])
            {
                layer[w] = Math.Max(layer[w], layer[v] + 1);
                if (--indegree[w] == 0)
                {
                    ready.Enqueue(w);
                }
            }
        }

        // The end sits alone below everything.
        layer[end] = Enumerable.Range(0, n).Where(v => v != end).Select(v => layer[v]).DefaultIfEmpty(0).Max() + 1;
        return layer;
    }

    private static List<List<int>> Order(int n, IReadOnlyList<(int From, int To, long Frequency)> edges, IReadOnlySet<int> back, int[] layer)
    {
        var rows = Enumerable.Range(0, layer.Max() + 1).Select(l => Enumerable.Range(0, n).Where(v => layer[v] == l).ToList()).ToList();
        var position = new double[n];
        void Number()
        {
            foreach (var row in rows)
            {
                for (var i = 0; i < row.Count; i++)
                {
                    position[row[i]] = i - ((row.Count - 1) / 2.0);
                }
            }
        }

        Number();
        for (var sweep = 0; sweep < 6; sweep++)
        {
            var down = sweep % 2 == 0;
            foreach (var row in down ? rows.Skip(1) : Enumerable.Reverse(rows).Skip(1))
            {
                var centre = row.ToDictionary(v => v, v =>
                {
                    var neighbours = Enumerable.Range(0, edges.Count)
                        .Where(e => !back.Contains(e) && (down ? edges[e].To == v && layer[edges[e].From] < layer[v] : edges[e].From == v && layer[edges[e].To] > layer[v]))
                        .Select(e => (Position: position[down ? edges[e].From : edges[e].To], Weight: (double)edges[e].Frequency)).ToList();
                    var weight = neighbours.Sum(x => x.Weight);
                    return weight == 0 ? position[v] : neighbours.Sum(x => x.Position * x.Weight) / weight;
                });
                row.Sort((a, b) => centre[a] != centre[b] ? centre[a].CompareTo(centre[b]) : a.CompareTo(b));
                Number();
            }
        }

        return rows;
    }
}
