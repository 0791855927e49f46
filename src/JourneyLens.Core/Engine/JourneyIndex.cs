namespace JourneyLens.Core.Engine;

/// <summary>
/// Journeys as offset ranges over an <see cref="EventTable"/>: a person's events are cut into journeys where the gap
/// between two consecutive events exceeds the journey gap (docs/analyses.md). A gap of zero keeps one journey per person.
/// </summary>
public sealed class JourneyIndex
{
    /// <summary>Events of journey j are [JourneyStart[j], JourneyStart[j + 1]).</summary>
    public required int[] JourneyStart { get; init; }
    public required int[] JourneyPerson { get; init; }

    /// <summary>1-based number of the journey within its person, for display ("C0042#2").</summary>
    public required int[] JourneyOrdinal { get; init; }
    public required TimeSpan Gap { get; init; }

    public int Count => JourneyPerson.Length;

    public static readonly TimeSpan DefaultGap = TimeSpan.FromDays(30);

    public static JourneyIndex Cut(EventTable events, TimeSpan gap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gap, TimeSpan.Zero);
        var gapMs = (long)gap.TotalMilliseconds;
        var ts = events.TimestampMs;
        var starts = new List<int>(events.PersonCount + 1);
        var persons = new List<int>(events.PersonCount);
        var ordinals = new List<int>(events.PersonCount);
        for (var p = 0; p < events.PersonCount; p++)
        {
            int from = events.PersonStart[p], to = events.PersonStart[p + 1];
            var ordinal = 0;
            for (var i = from; i < to; i++)
            {
                if (i == from || (gapMs > 0 && ts[i] - ts[i - 1] > gapMs))
                {
                    starts.Add(i);
                    persons.Add(p);
                    ordinals.Add(++ordinal);
                }
            }
        }

        starts.Add(events.EventCount);
        return new JourneyIndex { JourneyStart = [.. starts], JourneyPerson = [.. persons], JourneyOrdinal = [.. ordinals], Gap = gap };
    }
}
