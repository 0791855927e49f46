using JourneyLens.Core.Engine;

namespace JourneyLens.Core.Analyses;

/// <summary>Events, persons and journeys seen on one channel.</summary>
public sealed record ChannelVolume(string Channel, long Events, long Persons, long Journeys);

/// <summary>The overview (docs/analyses.md): what is in the workspace.</summary>
public sealed record OverviewResult(
    long Persons,
    long Journeys,
    long Events,
    int Channels,
    int Touchpoints,
    DateTimeOffset? First,
    DateTimeOffset? Last,
    IReadOnlyList<ChannelVolume> PerChannel);

public static class Overview
{
    /// <summary>Counts persons with at least one event; a person known only from identify messages is not a customer journey.</summary>
    public static OverviewResult Compute(JourneyEngine engine)
    {
        var ev = engine.Events;
        var channels = ev.ChannelNames.Length;
        var events = new long[channels];
        var persons = new long[channels];
        var journeys = new long[channels];
        var lastPerson = new int[channels];
        var lastJourney = new int[channels];
        Array.Fill(lastPerson, -1);
        Array.Fill(lastJourney, -1);
        var usedTouchpoints = new bool[ev.TouchpointNames.Length];

        var js = engine.Journeys;
        for (var j = 0; j < js.Count; j++)
        {
            var p = js.JourneyPerson[j];
            for (var i = js.JourneyStart[j]; i < js.JourneyStart[j + 1]; i++)
            {
                int c = ev.Channel[i];
                events[c]++;
                usedTouchpoints[ev.Touchpoint[i]] = true;
                if (lastPerson[c] != p)
                {
                    lastPerson[c] = p;
                    persons[c]++;
                }

                if (lastJourney[c] != j)
                {
                    lastJourney[c] = j;
                    journeys[c]++;
                }
            }
        }

        long personsWithEvents = ev.PersonsWithEvents();

        long min = long.MaxValue, max = long.MinValue;
        foreach (var t in ev.TimestampMs)
        {
            min = Math.Min(min, t);
            max = Math.Max(max, t);
        }

        var perChannel = Enumerable.Range(0, channels)
            .Where(c => events[c] > 0)
            .Select(c => new ChannelVolume(ev.ChannelNames[c], events[c], persons[c], journeys[c]))
            .OrderByDescending(v => v.Events).ThenBy(v => v.Channel, StringComparer.Ordinal)
            .ToList();

        return new OverviewResult(
            personsWithEvents,
            js.Count,
            ev.EventCount,
            perChannel.Count,
            usedTouchpoints.Count(u => u),
            ev.EventCount == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(min),
            ev.EventCount == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(max),
            perChannel);
    }
}
