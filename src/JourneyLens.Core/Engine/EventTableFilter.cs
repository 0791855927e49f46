namespace JourneyLens.Core.Engine;

/// <summary>Narrows an event table (by date range, event filter or segment); journeys are then cut from what remains.</summary>
public static class EventTableFilter
{
    /// <summary>The events with <paramref name="fromMs"/> ≤ timestamp &lt; <paramref name="toMs"/>, in the same order; every person is kept.</summary>
    public static EventTable Between(EventTable t, long fromMs, long toMs)
    {
        // A person's events are in time order, so the range is two binary searches per person rather than a test per event.
        var (first, last) = (new int[t.PersonCount], new int[t.PersonCount]);
        for (var p = 0; p < t.PersonCount; p++)
        {
            var times = t.TimestampMs.AsSpan(t.PersonStart[p], t.PersonStart[p + 1] - t.PersonStart[p]);
            first[p] = t.PersonStart[p] + Sorted.LowerBound(times, fromMs);
            last[p] = Math.Max(first[p], t.PersonStart[p] + Sorted.LowerBound(times, toMs)); // an empty range when to < from
        }

        return PickRanges(t, first, last);
    }

    /// <summary>
    /// The table cut into consecutive time ranges [bounds[k], bounds[k+1]) — each slice as <see cref="Between"/> gives it —
    /// planned in one pass over the events, so many periods cost about one pass instead of a search per person per period.
    /// A slice's columns are copied only when <see cref="TimeSlices.Slice"/> asks for it.
    /// </summary>
    public static TimeSlices SplitByTime(EventTable t, IReadOnlyList<long> bounds)
    {
        var count = Math.Max(0, bounds.Count - 1);
        var sizes = new int[count];
        var periodOf = new int[t.EventCount];
        for (var p = 0; p < t.PersonCount; p++)
        {
            // A person's events are in time order: the period only moves forward.
            var k = 0;
            for (var i = t.PersonStart[p]; i < t.PersonStart[p + 1]; i++)
            {
                var ts = t.TimestampMs[i];
                while (k < count && ts >= bounds[k + 1])
                {
                    k++;
                }

                periodOf[i] = k < count && ts >= bounds[k] ? k : -1;
                if (periodOf[i] >= 0)
                {
                    sizes[k]++;
                }
            }
        }

        // Each slice's events in table order (so by person), in one pass.
        var keeps = sizes.Select(n => new int[n]).ToArray();
        var filled = new int[count];
        for (var i = 0; i < periodOf.Length; i++)
        {
            if (periodOf[i] is var k and >= 0)
            {
                keeps[k][filled[k]++] = i;
            }
        }

        return new TimeSlices(t, keeps);
    }

    /// <summary>Slices of a table by time, planned by <see cref="SplitByTime"/>.</summary>
    public sealed class TimeSlices
    {
        private readonly EventTable _table;
        private readonly int[][] _keeps;

        internal TimeSlices(EventTable table, int[][] keeps) => (_table, _keeps) = (table, keeps);

        public int Count => _keeps.Length;

        /// <summary>Slice <paramref name="k"/>: its events in the same order, every person kept.</summary>
        public EventTable Slice(int k)
        {
            var (t, keep) = (_table, _keeps[k]);
            // Persons and kept events are both in table order: one walk gives each person's start in the slice.
            var personStart = new int[t.PersonStart.Length];
            var next = 0;
            for (var p = 0; p < t.PersonCount; p++)
            {
                personStart[p] = next;
                while (next < keep.Length && keep[next] < t.PersonStart[p + 1])
                {
                    next++;
                }
            }

            personStart[t.PersonCount] = next;
            return Pick(t, keep, personStart);
        }

        /// <summary>
        /// Slice <paramref name="k"/> with only the persons who have events in it (renumbered in order): for figures that
        /// need no person's name, such as a trend's periods, where most persons are absent from any one period.
        /// </summary>
        public EventTable CompactSlice(int k)
        {
            var (t, keep) = (_table, _keeps[k]);
            var (starts, keys) = (new List<int>(), new List<long>());
            var p = 0;
            for (var n = 0; n < keep.Length; n++)
            {
                if (n > 0 && keep[n] < t.PersonStart[p + 1])
                {
                    continue;
                }

                // The next present person: the one whose events hold keep[n] (persons and events are in table order).
                while (keep[n] >= t.PersonStart[p + 1])
                {
                    p++;
                }

                starts.Add(n);
                keys.Add(t.PersonKeyIdentifier[p]);
            }

            starts.Add(keep.Length);
            return EventTable.Assemble(t.TouchpointNames, t.ChannelNames, t.OutcomeNames, [.. starts], [.. keys], new Picked(t, keep));
        }
    }

    /// <summary>How many persons have at least one event for which <paramref name="predicate"/> holds (what <see cref="PersonsWithAny"/> keeps).</summary>
    public static long CountPersonsWithAny(EventTable t, Func<int, bool> predicate) => PersonsWithAnyMask(t, predicate).Count(x => x);

    /// <summary>Per person whether at least one of their events passes <paramref name="predicate"/>.</summary>
    public static bool[] PersonsWithAnyMask(EventTable t, Func<int, bool> predicate)
    {
        var inSegment = new bool[t.PersonCount];
        for (var p = 0; p < t.PersonCount; p++)
        {
            for (var i = t.PersonStart[p]; i < t.PersonStart[p + 1] && !inSegment[p]; i++)
            {
                inSegment[p] = predicate(i);
            }
        }

        return inSegment;
    }

    /// <summary>All events of the persons who have at least one event for which <paramref name="predicate"/> holds.</summary>
    public static EventTable PersonsWithAny(EventTable t, Func<int, bool> predicate)
    {
        var inSegment = PersonsWithAnyMask(t, predicate);
        return Persons(t, p => inSegment[p]);
    }

    /// <summary>All events of the persons for which <paramref name="keepPerson"/> holds.</summary>
    public static EventTable Persons(EventTable t, Func<int, bool> keepPerson)
    {
        var keep = new bool[t.PersonCount];
        for (var p = 0; p < keep.Length; p++)
        {
            keep[p] = keepPerson(p);
        }

        var personOf = PersonOfEvent(t);
        return Where(t, i => keep[personOf[i]]);
    }

    /// <summary>The person index of every event.</summary>
    public static int[] PersonOfEvent(EventTable t)
    {
        var personOf = new int[t.EventCount];
        for (var p = 0; p < t.PersonCount; p++)
        {
            Array.Fill(personOf, p, t.PersonStart[p], t.PersonStart[p + 1] - t.PersonStart[p]);
        }

        return personOf;
    }

    /// <summary>The events for which <paramref name="predicate"/> holds, in the same order; every person is kept.</summary>
    public static EventTable Where(EventTable t, Func<int, bool> predicate)
    {
        var keep = new int[t.EventCount];
        var kept = 0;
        var personStart = new int[t.PersonStart.Length];
        for (var p = 0; p < t.PersonCount; p++)
        {
            personStart[p] = kept;
            for (var i = t.PersonStart[p]; i < t.PersonStart[p + 1]; i++)
            {
                if (predicate(i))
                {
                    keep[kept++] = i;
                }
            }
        }

        personStart[t.PersonCount] = kept;
        return Pick(t, keep.AsSpan(0, kept).ToArray(), personStart);
    }

    /// <summary>Events [first[p], last[p]) of each person p.</summary>
    private static EventTable PickRanges(EventTable t, int[] first, int[] last)
    {
        var personStart = new int[t.PersonStart.Length];
        for (var p = 0; p < t.PersonCount; p++)
        {
            personStart[p + 1] = personStart[p] + (last[p] - first[p]);
        }

        var keep = new int[personStart[t.PersonCount]];
        for (var p = 0; p < t.PersonCount; p++)
        {
            for (int i = first[p], k = personStart[p]; i < last[p]; i++, k++)
            {
                keep[k] = i;
            }
        }

        return Pick(t, keep, personStart);
    }

    /// <summary>The events numbered in <paramref name="keep"/>, with the persons' new starts.</summary>
    private static EventTable Pick(EventTable t, int[] keep, int[] personStart) =>
        EventTable.Assemble(t.TouchpointNames, t.ChannelNames, t.OutcomeNames, personStart, t.PersonKeyIdentifier, new Picked(t, keep));

    /// <summary>A plain loop per column: this runs for every date range and filter, on tens of millions of events.</summary>
    private sealed class Picked(EventTable source, int[] keep) : IEventColumns
    {
        public T[] Column<T>(Func<EventTable, T[]> of)
            where T : unmanaged
        {
            var column = of(source);
            var picked = new T[keep.Length];
            for (var k = 0; k < picked.Length; k++)
            {
                picked[k] = column[keep[k]];
            }

            return picked;
        }
    }
}
