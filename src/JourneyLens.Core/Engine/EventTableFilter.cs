namespace JourneyLens.Core.Engine;

/// <summary>Narrows an event table to a date range; journeys are then cut from what remains.</summary>
public static class EventTableFilter
{
    /// <summary>The events with <paramref name="fromMs"/> ≤ timestamp &lt; <paramref name="toMs"/>, in the same order; every person is kept.</summary>
    public static EventTable Between(EventTable t, long fromMs, long toMs)
    {
        var keep = new List<int>(t.EventCount);
        var personStart = new int[t.PersonStart.Length];
        for (var p = 0; p < t.PersonCount; p++)
        {
            personStart[p] = keep.Count;
            for (var i = t.PersonStart[p]; i < t.PersonStart[p + 1]; i++)
            {
                if (t.TimestampMs[i] >= fromMs && t.TimestampMs[i] < toMs)
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
