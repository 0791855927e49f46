using JourneyLens.Core.Events;

namespace JourneyLens.Core.Engine;

/// <summary>
/// Collects events in input order and builds the sorted <see cref="EventTable"/>: a stable counting sort by person,
/// then a stable sort by time within each person, so equal timestamps keep input order (DESIGN §2).
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

        return new EventTable
        {
            TouchpointNames = touchpoints,
            ChannelNames = channels,
            OutcomeNames = outcomes,
            TimestampMs = Gather(_ts, order),
            UtcOffsetMinutes = Gather(_offset, order),
            Touchpoint = Gather(_touchpoint, order),
            Channel = Gather(_channel, order),
            ScoreType = Gather(_scoreType, order),
            Score = Gather(_score, order),
            About = Gather(_about, order),
            Value = Gather(_value, order),
            Outcome = Gather(_outcome, order),
            RowId = Gather(_rowId, order),
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

    private void Grow()
    {
        var size = _ts.Length * 2;
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
