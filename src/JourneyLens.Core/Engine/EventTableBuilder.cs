using JourneyLens.Core.Events;

namespace JourneyLens.Core.Engine;

/// <summary>
/// Collects events and builds the sorted <see cref="EventTable"/>: a stable counting sort by person, then a sort by
/// time within each person, equal timestamps by row id, which is input order (docs/analyses.md).
/// </summary>
public sealed class EventTableBuilder(int capacity = 1024)
{
    /// <summary>The events in input order, each column at least <see cref="Count"/> long (names and persons unset).</summary>
    private EventTable _raw = Sized(null, capacity);
    private int[] _person = new int[capacity];

    public int Count { get; private set; }

    public void Add(int rowId, int person, long timestampMs, short utcOffsetMinutes, int touchpoint, ushort channel, ScoreType scoreType, sbyte score, int about, double value, ushort outcome, int contact = 0)
    {
        if (Count == _raw.TimestampMs.Length)
        {
            Grow();
        }

        var i = Count++;
        var raw = _raw; // read once: the hot path of every import and --input
        raw.RowId[i] = rowId;
        _person[i] = person;
        raw.TimestampMs[i] = timestampMs;
        raw.UtcOffsetMinutes[i] = utcOffsetMinutes;
        raw.Touchpoint[i] = touchpoint;
        raw.Channel[i] = channel;
        raw.ScoreType[i] = scoreType;
        raw.Score[i] = score;
        raw.About[i] = about;
        raw.Value[i] = value;
        raw.Outcome[i] = outcome;
        raw.Contact[i] = contact;
    }

    /// <summary>
    /// Adds every event of <paramref name="block"/> (rows numbered from 1 there) as rows after <paramref name="rowOffset"/>,
    /// its person, touchpoint, channel and outcome codes translated by the maps: blocks of a file read on several
    /// threads, each with its own numbering, are joined in file order.
    /// </summary>
    public void Append(EventTableBuilder block, int rowOffset, int[] persons, int[] touchpoints, int[] channels, int[] outcomes)
    {
        EnsureCapacity(Count + block.Count);

        var start = Count;
        block._raw.TimestampMs.AsSpan(0, block.Count).CopyTo(_raw.TimestampMs.AsSpan(start));
        block._raw.UtcOffsetMinutes.AsSpan(0, block.Count).CopyTo(_raw.UtcOffsetMinutes.AsSpan(start));
        block._raw.ScoreType.AsSpan(0, block.Count).CopyTo(_raw.ScoreType.AsSpan(start));
        block._raw.Score.AsSpan(0, block.Count).CopyTo(_raw.Score.AsSpan(start));
        block._raw.Value.AsSpan(0, block.Count).CopyTo(_raw.Value.AsSpan(start));
        block._raw.Contact.AsSpan(0, block.Count).CopyTo(_raw.Contact.AsSpan(start));
        for (var i = 0; i < block.Count; i++)
        {
            var j = start + i;
            _raw.RowId[j] = rowOffset + block._raw.RowId[i];
            _person[j] = persons[block._person[i]];
            _raw.Touchpoint[j] = touchpoints[block._raw.Touchpoint[i]];
            _raw.Channel[j] = (ushort)channels[block._raw.Channel[i]];
            _raw.About[j] = block._raw.About[i] == EventTable.NoAbout ? EventTable.NoAbout : touchpoints[block._raw.About[i]];
            _raw.Outcome[j] = (ushort)outcomes[block._raw.Outcome[i]];
        }

        Count += block.Count;
    }

    /// <summary>Room for <paramref name="count"/> events in all, so a large table is not copied as it grows.</summary>
    public void EnsureCapacity(int count)
    {
        if (_raw.TimestampMs.Length < count)
        {
            Resize(Math.Max(count, _raw.TimestampMs.Length * 2));
        }
    }

    /// <summary>Forgets every event and keeps the arrays, for a builder used again and again.</summary>
    public void Clear() => Count = 0;

    /// <summary>Drops the events added with these row ids (duplicates found after reading); the others keep their order.</summary>
    public void Remove(IReadOnlySet<int> rowIds)
    {
        if (rowIds.Count == 0)
        {
            return;
        }

        var kept = Enumerable.Range(0, Count).Where(i => !rowIds.Contains(_raw.RowId[i])).ToArray();
        _raw.EachEventColumn(new Compacted(_raw, kept));
        for (var k = 0; k < kept.Length; k++)
        {
            _person[k] = _person[kept[k]];
        }

        Count = kept.Length;
    }

    /// <summary>
    /// Renumbers touchpoints, channels and outcomes in the order the events use them (channel, touchpoint, about,
    /// outcome; outcome 0 stays "none"), as a workspace numbers them, after <see cref="Remove"/> left some unused.
    /// Returns the old code of each new one.
    /// </summary>
    public (int[] Touchpoints, int[] Channels, int[] Outcomes) RenumberByFirstUse(int touchpoints, int channels, int outcomes)
    {
        var (touchpointMap, channelMap, outcomeMap) = (new Renumbering(touchpoints), new Renumbering(channels), new Renumbering(outcomes));
        outcomeMap.Map(0);
        for (var i = 0; i < Count; i++)
        {
            _raw.Channel[i] = (ushort)channelMap.Map(_raw.Channel[i]);
            _raw.Touchpoint[i] = touchpointMap.Map(_raw.Touchpoint[i]);
            _raw.About[i] = _raw.About[i] == EventTable.NoAbout ? EventTable.NoAbout : touchpointMap.Map(_raw.About[i]);
            _raw.Outcome[i] = (ushort)outcomeMap.Map(_raw.Outcome[i]);
        }

        return (touchpointMap.OldCodes, channelMap.OldCodes, outcomeMap.OldCodes);
    }

    private sealed class Renumbering(int count)
    {
        private readonly int[] _new = Enumerable.Repeat(-1, count).ToArray();
        private readonly List<int> _old = [];

        public int[] OldCodes => [.. _old];

        public int Map(int old)
        {
            if (_new[old] < 0)
            {
                _new[old] = _old.Count;
                _old.Add(old);
            }

            return _new[old];
        }
    }

    /// <summary>Each event's person as added (before <see cref="MapPersons"/>: its identifier), by row id; -1 for row ids without an event.</summary>
    public int[] PersonsByRowId()
    {
        var rows = 0;
        for (var i = 0; i < Count; i++)
        {
            rows = Math.Max(rows, _raw.RowId[i] + 1);
        }

        var byRow = new int[rows];
        Array.Fill(byRow, -1);
        for (var i = 0; i < Count; i++)
        {
            byRow[_raw.RowId[i]] = _person[i];
        }

        return byRow;
    }

    /// <summary>
    /// Replaces each event's person by <paramref name="map"/>[person]: a reader that stitches identities after reading
    /// adds events by identifier and maps them to persons once stitching is done.
    /// </summary>
    public void MapPersons(int[] map)
    {
        for (var i = 0; i < Count; i++)
        {
            _person[i] = map[_person[i]];
        }
    }

    /// <param name="personKeyIdentifier">The naming identifier of every person index used in <see cref="Add"/>.</param>
    public EventTable Build(string[] touchpoints, string[] channels, string[] outcomes, long[] personKeyIdentifier)
    {
        var personCount = personKeyIdentifier.Length;
        var personStart = new int[personCount + 1];
        for (var i = 0; i < Count; i++)
        {
            personStart[_person[i] + 1]++;
        }

        for (var p = 0; p < personCount; p++)
        {
            personStart[p + 1] += personStart[p];
        }

        var order = new int[Count];
        var next = (int[])personStart.Clone();
        for (var i = 0; i < Count; i++)
        {
            order[next[_person[i]]++] = i;
        }

        Parallel.For(0, Environment.ProcessorCount, part =>
        {
            for (var p = part; p < personCount; p += Environment.ProcessorCount)
            {
                SortByTime(order.AsSpan(personStart[p], personStart[p + 1] - personStart[p]));
            }
        });

        // Each column is gathered on its own: ten passes over ten million rows, spread over the cores.
        var gathered = new Gathered(_raw, order);
        var table = EventTable.Assemble(touchpoints, channels, outcomes, personStart, personKeyIdentifier, gathered);
        gathered.Fill();
        return table;
    }

    /// <summary>
    /// By time, equal times by row id: the order events were stored or read in, whatever order they were added in
    /// (an engine brought up to date adds its earlier events before the new ones, person by person).
    /// </summary>
    private void SortByTime(Span<int> range)
    {
        var (ts, rows) = (_raw.TimestampMs, _raw.RowId);
        if (range.Length <= 32)
        {
            for (var i = 1; i < range.Length; i++)
            {
                var x = range[i];
                var j = i - 1;
                while (j >= 0 && (ts[range[j]] > ts[x] || (ts[range[j]] == ts[x] && rows[range[j]] > rows[x])))
                {
                    range[j + 1] = range[j];
                    j--;
                }

                range[j + 1] = x;
            }

            return;
        }

        range.Sort((a, b) =>
        {
            var c = ts[a].CompareTo(ts[b]);
            return c != 0 ? c : rows[a].CompareTo(rows[b]);
        });
    }

    private void Grow() => Resize(Math.Max(1024, _raw.TimestampMs.Length * 2));

    private void Resize(int size)
    {
        _raw = Sized(_raw, size);
        Array.Resize(ref _person, size);
    }

    /// <summary>Columns of <paramref name="size"/> events, holding what <paramref name="from"/> held.</summary>
    private static EventTable Sized(EventTable? from, int size) => EventTable.Assemble([], [], [], [], [], new Resized(from, size));

    private sealed class Resized(EventTable? from, int size) : IEventColumns
    {
        public T[] Column<T>(Func<EventTable, T[]> of)
            where T : unmanaged
        {
            var column = from is null ? [] : of(from);
            Array.Resize(ref column, size);
            return column;
        }
    }

    /// <summary>Keeps the events at <paramref name="kept"/> (ascending), moved to the front of each column in place.</summary>
    private sealed class Compacted(EventTable table, int[] kept) : IEventColumns
    {
        public T[] Column<T>(Func<EventTable, T[]> of)
            where T : unmanaged
        {
            var column = of(table);
            for (var k = 0; k < kept.Length; k++)
            {
                column[k] = column[kept[k]];
            }

            return column;
        }
    }

    /// <summary>Each column in sorted order; the copies are made by <see cref="Fill"/>, one task per column on the cores.</summary>
    private sealed class Gathered(EventTable source, int[] order) : IEventColumns
    {
        private readonly List<Action> _fills = [];

        public T[] Column<T>(Func<EventTable, T[]> of)
            where T : unmanaged
        {
            var from = of(source);
            var to = new T[order.Length];
            _fills.Add(() =>
            {
                for (var i = 0; i < to.Length; i++)
                {
                    to[i] = from[order[i]];
                }
            });
            return to;
        }

        public void Fill() => Parallel.Invoke([.. _fills]);
    }
}
