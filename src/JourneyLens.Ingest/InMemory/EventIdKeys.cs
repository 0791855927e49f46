using System.Runtime.InteropServices;
using JourneyLens.Ingest.Validation;

namespace JourneyLens.Ingest.InMemory;

/// <summary>
/// The event_id of every row of a file, to find the rows whose event_id an earlier row already had. Keys are
/// spread over buckets by their top bits as they come and each bucket is sorted on its own, on all cores: ten
/// million keys in buckets that fit the cache sort far faster than in one array, and than probing a set per row.
/// </summary>
internal sealed class EventIdKeys
{
    private const int BucketBits = 8;
    private readonly (List<long> Keys, List<int> Rows)[] _buckets = Enumerable.Range(0, 1 << BucketBits).Select(_ => (new List<long>(), new List<int>())).ToArray();

    public void EnsureCapacity(int count)
    {
        foreach (var (keys, rows) in _buckets)
        {
            keys.EnsureCapacity((count >> BucketBits) + (count >> (BucketBits + 3)));
            rows.EnsureCapacity(keys.Capacity);
        }
    }

    /// <param name="key">The row's <see cref="DedupeKey.OfEventId"/> (a hash: its top bits are spread evenly).</param>
    public void Add(long key, int row)
    {
        var (keys, rows) = _buckets[(int)((ulong)key >> (64 - BucketBits))];
        keys.Add(key);
        rows.Add(row);
    }

    /// <summary>The rows (as added) whose key an earlier row had; the earliest row of each key stays.</summary>
    public HashSet<int> RepeatedRows()
    {
        var found = new List<int>[_buckets.Length];
        Parallel.For(0, _buckets.Length, b => found[b] = Repeated(CollectionsMarshal.AsSpan(_buckets[b].Keys), CollectionsMarshal.AsSpan(_buckets[b].Rows)));
        return [.. found.SelectMany(rows => rows)];
    }

    private static List<int> Repeated(Span<long> keys, Span<int> rows)
    {
        keys.Sort(rows);
        var repeated = new List<int>();
        for (var start = 0; start < keys.Length;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                var first = int.MaxValue;
                foreach (var row in rows[start..end])
                {
                    first = Math.Min(first, row);
                }

                foreach (var row in rows[start..end])
                {
                    if (row != first)
                    {
                        repeated.Add(row);
                    }
                }
            }

            start = end;
        }

        return repeated;
    }
}
