using JourneyLens.Core.Events;

namespace JourneyLens.Core.Engine;

/// <summary>
/// Collects events in input order and builds the sorted <see cref="EventTable"/>: a stable counting sort by person,
/// then a stable sort by time within each person, so equal timestamps keep input order (docs/analyses.md).
/// </summary>
public sealed class EventTableBuilder(int capacity = 1024)
{
    private long[] _ts = new long[capacity];
    private short[] _offset = new short[capacity];
    private int[] _person = new int[capacity];
    private int[] _touchpoint = new int[capacity];
    private ushort[] _channel = new ushort[capacity];
    private ScoreType[] _scoreType = new ScoreType[capacity];
    private sbyte[] _score = new sbyte[capacity];
    private int[] _about = new int[capacity];
    private double[] _value = new double[capacity];
    private ushort[] _outcome = new ushort[capacity];
    private int[] _rowId = new int[capacity];

    public int Count { get; private set; }

    public void Add(int rowId, int person, long timestampMs, short utcOffsetMinutes, int touchpoint, ushort channel, ScoreType scoreType, sbyte score, int about, double value, ushort outcome)
    {
        if (Count == _ts.Length)
        {
            Grow();
        }

        var i = Count++;
        _rowId[i] = rowId;
        _person[i] = person;
        _ts[i] = timestampMs;
        _offset[i] = utcOffsetMinutes;
        _touchpoint[i] = touchpoint;
        _channel[i] = channel;
        _scoreType[i] = scoreType;
        _score[i] = score;
        _about[i] = about;
        _value[i] = value;
        _outcome[i] = outcome;
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
        block._ts.AsSpan(0, block.Count).CopyTo(_ts.AsSpan(start));
        block._offset.AsSpan(0, block.Count).CopyTo(_offset.AsSpan(start));
        block._scoreType.AsSpan(0, block.Count).CopyTo(_scoreType.AsSpan(start));
        block._score.AsSpan(0, block.Count).CopyTo(_score.AsSpan(start));
        block._value.AsSpan(0, block.Count).CopyTo(_value.AsSpan(start));
        for (var i = 0; i < block.Count; i++)
        {
            var j = start + i;
            _rowId[j] = rowOffset + block._rowId[i];
            _person[j] = persons[block._person[i]];
            _touchpoint[j] = touchpoints[block._touchpoint[i]];
            _channel[j] = (ushort)channels[block._channel[i]];
            _about[j] = block._about[i] == EventTable.NoAbout ? EventTable.NoAbout : touchpoints[block._about[i]];
            _outcome[j] = (ushort)outcomes[block._outcome[i]];
        }

        Count += block.Count;
    }

    /// <summary>Room for <paramref name="count"/> events in all, so a large table is not copied as it grows.</summary>
    public void EnsureCapacity(int count)
    {
        if (_ts.Length < count)
        {
            Resize(Math.Max(count, _ts.Length * 2));
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

        var kept = 0;
        for (var i = 0; i < Count; i++)
        {
            if (rowIds.Contains(_rowId[i]))
            {
                continue;
            }

            (_rowId[kept], _person[kept], _ts[kept], _offset[kept], _touchpoint[kept], _channel[kept]) = (_rowId[i], _person[i], _ts[i], _offset[i], _touchpoint[i], _channel[i]);
            (_scoreType[kept], _score[kept], _about[kept], _value[kept], _outcome[kept]) = (_scoreType[i], _score[i], _about[i], _value[i], _outcome[i]);
            kept++;
        }

        Count = kept;
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
            _channel[i] = (ushort)channelMap.Map(_channel[i]);
            _touchpoint[i] = touchpointMap.Map(_touchpoint[i]);
            _about[i] = _about[i] == EventTable.NoAbout ? EventTable.NoAbout : touchpointMap.Map(_about[i]);
            _outcome[i] = (ushort)outcomeMap.Map(_outcome[i]);
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
        long[] timestamps = [];
        short[] offsets = [];
        int[] touchpointCodes = [], about = [], rowIds = [];
        ushort[] channelCodes = [], outcomeCodes = [];
        ScoreType[] scoreTypes = [];
        sbyte[] scores = [];
        double[] values = [];
        Parallel.Invoke(
            () => timestamps = Gather(_ts, order),
            () => offsets = Gather(_offset, order),
            () => touchpointCodes = Gather(_touchpoint, order),
            () => channelCodes = Gather(_channel, order),
            () => scoreTypes = Gather(_scoreType, order),
            () => scores = Gather(_score, order),
            () => about = Gather(_about, order),
            () => values = Gather(_value, order),
            () => outcomeCodes = Gather(_outcome, order),
            () => rowIds = Gather(_rowId, order));
        return new EventTable
        {
            TouchpointNames = touchpoints,
            ChannelNames = channels,
            OutcomeNames = outcomes,
            TimestampMs = timestamps,
            UtcOffsetMinutes = offsets,
            Touchpoint = touchpointCodes,
            Channel = channelCodes,
            ScoreType = scoreTypes,
            Score = scores,
            About = about,
            Value = values,
            Outcome = outcomeCodes,
            RowId = rowIds,
            PersonStart = personStart,
            PersonKeyIdentifier = personKeyIdentifier,
        };
    }

    /// <summary>Stable by construction: indexes in a person's range are ascending, and ties compare by index.</summary>
    private void SortByTime(Span<int> range)
    {
        var ts = _ts;
        if (range.Length <= 32)
        {
            for (var i = 1; i < range.Length; i++)
            {
                var x = range[i];
                var j = i - 1;
                while (j >= 0 && ts[range[j]] > ts[x])
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
            return c != 0 ? c : a.CompareTo(b);
        });
    }

    private static T[] Gather<T>(T[] source, int[] order)
    {
        var result = new T[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            result[i] = source[order[i]];
        }

        return result;
    }

    private void Grow() => Resize(Math.Max(1024, _ts.Length * 2));

    private void Resize(int size)
    {
        Array.Resize(ref _ts, size);
        Array.Resize(ref _offset, size);
        Array.Resize(ref _person, size);
        Array.Resize(ref _touchpoint, size);
        Array.Resize(ref _channel, size);
        Array.Resize(ref _scoreType, size);
        Array.Resize(ref _score, size);
        Array.Resize(ref _about, size);
        Array.Resize(ref _value, size);
        Array.Resize(ref _outcome, size);
        Array.Resize(ref _rowId, size);
    }
}
