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

    /// <summary>All events of the persons who have at least one event for which <paramref name="predicate"/> holds.</summary>
    public static EventTable PersonsWithAny(EventTable t, Func<int, bool> predicate)
    {
        var inSegment = new bool[t.PersonCount];
        for (var p = 0; p < t.PersonCount; p++)
        {
            for (var i = t.PersonStart[p]; i < t.PersonStart[p + 1] && !inSegment[p]; i++)
            {
                inSegment[p] = predicate(i);
            }
        }

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
