using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;
using JourneyLens.Core.Statistics;

namespace JourneyLens.Core.Experience;

/// <summary>
/// Which channels are self-service and which are assisted contacts (DESIGN §3). An event on an assisted channel at an
/// outbound touchpoint (a confirmation e-mail the organisation sends; marked in the catalogue) is not a contact.
/// </summary>
public sealed record ChannelClasses(IReadOnlySet<string> Digital, IReadOnlySet<string> Assisted)
{
    public IReadOnlySet<string> Outbound { get; init; } = new HashSet<string>();

    public static readonly ChannelClasses Default = new(
        new HashSet<string>(["web", "app"], StringComparer.OrdinalIgnoreCase),
        new HashSet<string>(["phone", "chat", "email", "e-mail", "store"], StringComparer.OrdinalIgnoreCase));
}

public sealed record SwitchingRequest(TimeSpan Window, TimeSpan RepeatWindow, ChannelClasses Channels, int PathSteps = 3, int TopPaths = 10)
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24), DefaultRepeatWindow = TimeSpan.FromDays(7);
}

/// <summary>Consecutive events from one channel to the next within the window; <see cref="Share"/> of the row's transitions.</summary>
public sealed record ChannelSwitch(string From, string To, long Transitions, double Share);

/// <summary>Per digital touchpoint: attempts, and those followed by an assisted contact within the window (failed self-service).</summary>
/// <param name="PersonsFailed">Distinct persons with at least one failed attempt there.</param>
public sealed record FailedSelfService(string Touchpoint, long Attempts, long FollowedByContact, Estimate Rate, long PersonsFailed);

/// <summary>Per assisted touchpoint: contacts, those followed by another assisted contact within the repeat window, and first-contact resolution.</summary>
/// <param name="PersonsRepeated">Distinct persons with at least one repeated contact there.</param>
public sealed record RepeatContact(string Touchpoint, long Contacts, long Repeated, Estimate RepeatRate, Estimate FirstContactResolution, long PersonsRepeated);

public sealed record PathIntoContact(IReadOnlyList<string> Steps, long Journeys, double Share);

public sealed record SwitchingResult(
    long Journeys,
    long JourneysWithContact,
    IReadOnlyList<ChannelSwitch> Matrix,
    IReadOnlyList<FailedSelfService> FailedSelfService,
    IReadOnlyList<RepeatContact> RepeatContact,
    IReadOnlyList<PathIntoContact> PathsIntoContact);

/// <summary>
/// Channel switching and repeat contact (DESIGN §3), over journeys and their non-answer events: the channel → next
/// channel matrix of consecutive events within the window; failed self-service per digital touchpoint (an event on a
/// digital channel followed by an assisted contact within the window); repeat contact per assisted touchpoint (another
/// assisted contact within the repeat window) and first-contact resolution (its complement); and the most common
/// last steps (repeats collapsed) before each journey's first assisted contact.
/// </summary>
public static class Switching
{
    public static SwitchingResult Compute(JourneyEngine engine, SwitchingRequest request)
    {
        var (ev, js) = (engine.Events, engine.Journeys);
        var digital = ev.ChannelNames.Select(c => request.Channels.Digital.Contains(c)).ToArray();
        var assistedChannel = ev.ChannelNames.Select(c => request.Channels.Assisted.Contains(c)).ToArray();
        var outbound = ev.TouchpointNames.Select(t => request.Channels.Outbound.Contains(t)).ToArray();
        var (windowMs, repeatMs) = ((long)request.Window.TotalMilliseconds, (long)request.RepeatWindow.TotalMilliseconds);
        var matrix = new Dictionary<(int, int), long>();
        var attempts = new Dictionary<int, (long Attempts, long Failed)>();
        var contacts = new Dictionary<int, (long Contacts, long Repeated)>();
        var paths = new Dictionary<string, (string[] Steps, long Count)>(StringComparer.Ordinal);
        var events = new List<int>();
        long withContact = 0;
        var failedPersons = new DistinctPersons(ev.TouchpointNames.Length);
        var repeatedPersons = new DistinctPersons(ev.TouchpointNames.Length);
        for (var j = 0; j < js.Count; j++)
        {
            events.Clear();
            for (var i = js.JourneyStart[j]; i < js.JourneyStart[j + 1]; i++)
            {
                if (ev.ScoreType[i] == ScoreType.None)
                {
                    events.Add(i);
                }
            }

            // The next assisted contact at or after each position, scanning backwards.
            var nextContact = long.MaxValue;
            var firstContact = -1;
            for (var k = events.Count - 1; k >= 0; k--)
            {
                var i = events[k];
                if (digital[ev.Channel[i]])
                {
                    var (a, f) = attempts.GetValueOrDefault(ev.Touchpoint[i]);
                    var failed = nextContact - ev.TimestampMs[i] <= windowMs;
                    attempts[ev.Touchpoint[i]] = (a + 1, f + (failed ? 1 : 0));
                    if (failed)
                    {
                        failedPersons.Add(ev.Touchpoint[i], js.JourneyPerson[j]);
                    }
                }

                if (assistedChannel[ev.Channel[i]] && !outbound[ev.Touchpoint[i]])
                {
                    var (c, r) = contacts.GetValueOrDefault(ev.Touchpoint[i]);
                    var repeated = nextContact - ev.TimestampMs[i] <= repeatMs;
                    contacts[ev.Touchpoint[i]] = (c + 1, r + (repeated ? 1 : 0));
                    if (repeated)
                    {
                        repeatedPersons.Add(ev.Touchpoint[i], js.JourneyPerson[j]);
                    }
                    nextContact = ev.TimestampMs[i];
                    firstContact = k;
                }

                if (k + 1 < events.Count && ev.TimestampMs[events[k + 1]] - ev.TimestampMs[i] <= windowMs)
                {
                    var key = ((int)ev.Channel[i], (int)ev.Channel[events[k + 1]]);
                    matrix[key] = matrix.GetValueOrDefault(key) + 1;
                }
            }

            if (firstContact >= 0)
            {
                withContact++;
                var steps = LastSteps(ev, events, firstContact, request.PathSteps);
                var key = string.Join('\u001f', steps);
                paths[key] = (steps, paths.GetValueOrDefault(key).Count + 1);
            }
        }

        var rowTotals = matrix.GroupBy(m => m.Key.Item1).ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        var names = ev.TouchpointNames;
        return new SwitchingResult(
            js.Count,
            withContact,
            [.. matrix.OrderBy(m => m.Key.Item1).ThenByDescending(m => m.Value)
                .Select(m => new ChannelSwitch(ev.ChannelNames[m.Key.Item1], ev.ChannelNames[m.Key.Item2], m.Value, (double)m.Value / rowTotals[m.Key.Item1]))],
            [.. attempts.Select(a => new FailedSelfService(names[a.Key], a.Value.Attempts, a.Value.Failed, Estimate.Proportion(a.Value.Failed, a.Value.Attempts), failedPersons.Count(a.Key)))
                .OrderByDescending(f => f.FollowedByContact).ThenBy(f => f.Touchpoint, StringComparer.Ordinal)],
            [.. contacts.Select(c => new RepeatContact(names[c.Key], c.Value.Contacts, c.Value.Repeated, Estimate.Proportion(c.Value.Repeated, c.Value.Contacts),
                    Estimate.Proportion(c.Value.Contacts - c.Value.Repeated, c.Value.Contacts), repeatedPersons.Count(c.Key)))
                .OrderByDescending(c => c.Contacts).ThenBy(c => c.Touchpoint, StringComparer.Ordinal)],
            [.. paths.Values.OrderByDescending(p => p.Count).ThenBy(p => string.Join('\u001f', p.Steps), StringComparer.Ordinal).Take(request.TopPaths)
                .Select(p => new PathIntoContact(p.Steps, p.Count, (double)p.Count / Math.Max(1, withContact)))]);
    }

    /// <summary>Up to <paramref name="steps"/> touchpoints before the contact (repeats collapsed), then the contact itself.</summary>
    private static string[] LastSteps(EventTable ev, List<int> events, int contact, int steps)
    {
        var result = new List<string> { ev.TouchpointNames[ev.Touchpoint[events[contact]]] };
        for (var k = contact - 1; k >= 0 && result.Count <= steps; k--)
        {
            var name = ev.TouchpointNames[ev.Touchpoint[events[k]]];
            if (name != result[^1])
            {
                result.Add(name);
            }
        }

        result.Reverse();
        return [.. result];
    }
}
