namespace JourneyLens.Core.Engine;

/// <summary>Narrows an event table (by date range, event filter or segment); journeys are then cut from what remains.</summary>
public static class EventTableFilter
{
    /// <summary>The events with <paramref name="fromMs"/> ≤ timestamp &lt; <paramref name="toMs"/>, in the same order; every person is kept.</summary>
    public static EventTable Between(EventTable t, long fromMs, long toMs) => Where(t, i => t.TimestampMs[i] >= fromMs && t.TimestampMs[i] < toMs);

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
        var keep = new List<int>(t.EventCount);
        var personStart = new int[t.PersonStart.Length];
        for (var p = 0; p < t.PersonCount; p++)
        {
            personStart[p] = keep.Count;
            for (var i = t.PersonStart[p]; i < t.PersonStart[p + 1]; i++)
            {
                if (predicate(i))
                {
                    keep.Add(i);
                }
            }
        }

        personStart[t.PersonCount] = keep.Count;
        T[] Pick<T>(T[] column) => keep.Select(i => column[i]).ToArray();
        return new EventTable
        {
            TouchpointNames = t.TouchpointNames,
            ChannelNames = t.ChannelNames,
            OutcomeNames = t.OutcomeNames,
            TimestampMs = Pick(t.TimestampMs),
            UtcOffsetMinutes = Pick(t.UtcOffsetMinutes),
            Touchpoint = Pick(t.Touchpoint),
            Channel = Pick(t.Channel),
            ScoreType = Pick(t.ScoreType),
            Score = Pick(t.Score),
            About = Pick(t.About),
            Value = Pick(t.Value),
            Outcome = Pick(t.Outcome),
            RowId = Pick(t.RowId),
            PersonStart = personStart,
            PersonKeyIdentifier = t.PersonKeyIdentifier,
        };
    }
}
