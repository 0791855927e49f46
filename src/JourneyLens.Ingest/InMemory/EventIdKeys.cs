using System.Runtime.InteropServices;
using JourneyLens.Ingest.Validation;

namespace JourneyLens.Ingest.InMemory;

/// <summary>
/// The event_id of every row of a file, to find the rows whose event_id an earlier row already had. Keys are
/// spread over buckets by their top bits as they come, and each bucket is checked on its own with a set of the keys
/// seen, on all cores: a bucket's set fits the cache, where one set of ten million keys misses it on every probe.
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
    /// <param name="row">Rows come in ascending order, so the first of a key seen is its earliest.</param>
    public void Add(long key, int row)
    {
        var (keys, rows) = _buckets[(int)((ulong)key >> (64 - BucketBits))];
        keys.Add(key);
        rows.Add(row);
    }

    /// <summary>Each row's key by its row id (0: the row has no event_id).</summary>
    public long[] ByRow()
    {
        var byRow = new long[_buckets.Max(b => b.Rows.Count == 0 ? 0 : b.Rows.Max()) + 1];
        foreach (var (keys, rows) in _buckets)
        {
            for (var i = 0; i < keys.Count; i++)
            {
                byRow[rows[i]] = keys[i];
            }
        }

        return byRow;
    }

    /// <summary>The rows whose key an earlier row had; the earliest row of each key stays.</summary>
    public HashSet<int> RepeatedRows()
    {
        var found = new List<int>[_buckets.Length];
        Parallel.For(0, _buckets.Length, () => new HashSet<long>(), (b, _, seen) =>
        {
            var (keys, rows) = _buckets[b];
            seen.Clear();
            seen.EnsureCapacity(keys.Count);
            found[b] = [];
            for (var i = 0; i < keys.Count; i++)
            {
                if (!seen.Add(keys[i]))
                {
                    found[b].Add(rows[i]);
                }
            }

            return seen;
        }, _ => { });
        return [.. found.SelectMany(rows => rows)];
    }
}
