using JourneyLens.Ingest.Validation;

namespace JourneyLens.Ingest.InMemory;

/// <summary>The event_id of every row of a file, to find the rows whose event_id an earlier row already had.</summary>
internal sealed class EventIdKeys
{
    private readonly List<long> _keys = [];
    private readonly List<int> _rows = [];

    public void EnsureCapacity(int count)
    {
        _keys.EnsureCapacity(count);
        _rows.EnsureCapacity(count);
    }

    /// <param name="key">The row's <see cref="DedupeKey.OfEventId"/>.</param>
    public void Add(long key, int row)
    {
        _keys.Add(key);
        _rows.Add(row);
    }

    /// <summary>The rows (as added) whose key an earlier row had; the earliest row of each key stays.</summary>
    public HashSet<int> RepeatedRows()
    {
        var keys = _keys.ToArray();
        var rows = _rows.ToArray();
        Array.Sort(keys, rows);
        var repeated = new HashSet<int>();
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
                foreach (var row in rows.AsSpan(start, end - start))
                {
                    first = Math.Min(first, row);
                }

                for (var i = start; i < end; i++)
                {
                    if (rows[i] != first)
                    {
                        repeated.Add(rows[i]);
                    }
                }
            }

            start = end;
        }

        return repeated;
    }
}
