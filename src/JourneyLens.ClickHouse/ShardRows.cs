using System.Globalization;

namespace JourneyLens.ClickHouse;

/// <summary>How one column of a shard's partial aggregate joins the same column of another shard's.</summary>
internal enum Combine
{
    /// <summary>Part of the group's key: rows with equal keys are one group.</summary>
    Key,

    /// <summary>A count or sum of whole numbers. Distinct persons add up too: a person is on one shard only.</summary>
    Sum,
    Min,
    Max,

    /// <summary>An array (<c>[1,2]</c> as text) whose elements are gathered from every shard.</summary>
    Concat,
}

/// <summary>
/// The shards' partial aggregates merged into the whole (<see cref="ClickHouseCluster.OnShards"/>): rows grouped by
/// their key columns, in the order each key first came, the other columns combined as the query says.
/// </summary>
internal static class ShardRows
{
    public static List<string[]> Merge(IEnumerable<string[]> rows, params Combine[] columns)
    {
        var groups = new Dictionary<string[], string[]>(KeyComparer.For(columns));
        var order = new List<string[]>();
        foreach (var row in rows)
        {
            if (row.Length != columns.Length)
            {
                throw new InvalidOperationException($"a shard answered {row.Length} columns where {columns.Length} were asked for");
            }

            if (!groups.TryGetValue(row, out var merged))
            {
                groups[row] = merged = (string[])row.Clone();
                order.Add(merged);
                continue;
            }

            for (var c = 0; c < columns.Length; c++)
            {
                merged[c] = columns[c] switch
                {
                    Combine.Sum => Text(Long(merged[c]) + Long(row[c])),
                    Combine.Min => Text(Math.Min(Long(merged[c]), Long(row[c]))),
                    Combine.Max => Text(Math.Max(Long(merged[c]), Long(row[c]))),
                    Combine.Concat => Concat(merged[c], row[c]),
                    _ => merged[c],
                };
            }
        }

        return order;
    }

    /// <summary>Two arrays as ClickHouse writes them, <c>[1,2]</c> and <c>[3]</c>, as one: <c>[1,2,3]</c>.</summary>
    private static string Concat(string a, string b) => a.Length <= 2 ? b : b.Length <= 2 ? a : string.Concat(a.AsSpan(0, a.Length - 1), ",", b.AsSpan(1));

    private static long Long(string text) => long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Rows equal on the key columns.</summary>
    private sealed class KeyComparer(int[] keys) : IEqualityComparer<string[]>
    {
        public static KeyComparer For(Combine[] columns) => new([.. Enumerable.Range(0, columns.Length).Where(c => columns[c] == Combine.Key)]);

        public bool Equals(string[]? x, string[]? y) => keys.All(k => string.Equals(x![k], y![k], StringComparison.Ordinal));

        public int GetHashCode(string[] row)
        {
            var hash = new HashCode();
            foreach (var k in keys)
            {
                hash.Add(row[k], StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }
}
