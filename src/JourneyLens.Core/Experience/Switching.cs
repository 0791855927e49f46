using JourneyLens.Core.Analyses;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;
using JourneyLens.Core.Statistics;

namespace JourneyLens.Core.Experience;

/// <summary>
/// Which channels are self-service and which are assisted contacts (docs/experience.md). An event on an assisted channel at an
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

    /// <summary>Keep who failed and who repeated per touchpoint (a drill-down from a pain point to its persons).</summary>
    public bool RecordPersons { get; init; }
}

/// <summary>Consecutive events from one channel to the next within the window; <see cref="Share"/> of the row's transitions.</summary>
public sealed record ChannelSwitch(string From, string To, long Transitions, double Share);

/// <summary>Per digital touchpoint: attempts, and those followed by an assisted contact within the window (failed self-service).</summary>
/// <param name="PersonsFailed">Distinct persons with at least one failed attempt there.</param>
public sealed record FailedSelfService(string Touchpoint, long Attempts, long FollowedByContact, Estimate Rate, long PersonsFailed)
{
    /// <summary>Who failed (engine person indexes), when the request asked to record them.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public IReadOnlyList<int> Persons { get; init; } = [];
}

/// <summary>Per assisted touchpoint: contacts, those followed by another assisted contact within the repeat window, and first-contact resolution.</summary>
/// <param name="PersonsRepeated">Distinct persons with at least one repeated contact there.</param>
public sealed record RepeatContact(string Touchpoint, long Contacts, long Repeated, Estimate RepeatRate, Estimate FirstContactResolution, long PersonsRepeated)
{
    /// <summary>Who contacted again (engine person indexes), when the request asked to record them.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public IReadOnlyList<int> Persons { get; init; } = [];
}

public sealed record PathIntoContact(IReadOnlyList<string> Steps, long Journeys, double Share);

public sealed record SwitchingResult(
    long Journeys,
    long JourneysWithContact,
    IReadOnlyList<ChannelSwitch> Matrix,
    IReadOnlyList<FailedSelfService> FailedSelfService,
    IReadOnlyList<RepeatContact> RepeatContact,
    IReadOnlyList<PathIntoContact> PathsIntoContact);

/// <summary>
/// Channel switching and repeat contact (docs/experience.md), over journeys and their non-answer events: the channel → next
/// channel matrix of consecutive events within the window; failed self-service per digital touchpoint (an event on a
/// digital channel followed by an assisted contact within the window); repeat contact per assisted touchpoint (another
/// assisted contact within the repeat window) and first-contact resolution (its complement); and the most common
/// last steps (repeats collapsed) before each journey's first assisted contact. The events of one contact (a call's IVR,
/// queue and agent steps, sharing a contact id) are one contact, counted at its first assisted event.
/// </summary>
public static class Switching
{
    public static SwitchingResult Compute(JourneyEngine engine, SwitchingRequest request)
    {
        var (ev, js) = (engine.Events, engine.Journeys);
        var (touchpoints, channels) = (ev.TouchpointNames.Length, ev.ChannelNames.Length);
        var digital = ev.ChannelNames.Select(c => request.Channels.Digital.Contains(c)).ToArray();
        var assistedChannel = ev.ChannelNames.Select(c => request.Channels.Assisted.Contains(c)).ToArray();
        var outbound = ev.TouchpointNames.Select(t => request.Channels.Outbound.Contains(t)).ToArray();
        var (windowMs, repeatMs) = ((long)request.Window.TotalMilliseconds, (long)request.RepeatWindow.TotalMilliseconds);

        // Counts in arrays by touchpoint and channel code; the paths into a contact by their touchpoint codes.
        var matrix = new long[channels * channels];
        var (attempts, failedAttempts) = (new long[touchpoints], new long[touchpoints]);
        var (contacts, repeatedContacts) = (new long[touchpoints], new long[touchpoints]);
        var paths = new Dictionary<int[], long>(SequenceComparer.Instance);
        var pathLookup = paths.GetAlternateLookup<ReadOnlySpan<int>>();
        var events = new List<int>();
        var contactStarts = new List<bool>();
        var contactsSeen = new HashSet<int>();
        var steps = new int[request.PathSteps + 1];
        long withContact = 0;
        var failedPersons = new DistinctPersons(touchpoints, request.RecordPersons);
        var repeatedPersons = new DistinctPersons(touchpoints, request.RecordPersons);
        for (var j = 0; j < js.Count; j++)
        {
            events.Clear();
            contactStarts.Clear();
            contactsSeen.Clear();
            for (var i = js.JourneyStart[j]; i < js.JourneyStart[j + 1]; i++)
            {
                if (ev.ScoreType[i] == ScoreType.None)
                {
                    events.Add(i);
                    var isContact = assistedChannel[ev.Channel[i]] && !outbound[ev.Touchpoint[i]];
                    contactStarts.Add(isContact && (ev.Contact[i] == 0 || contactsSeen.Add(ev.Contact[i])));
                }
            }

            // The next assisted contact at or after each position, scanning backwards.
            var nextContact = long.MaxValue;
            var firstContact = -1;
            for (var k = events.Count - 1; k >= 0; k--)
            {
                var i = events[k];
                var touchpoint = ev.Touchpoint[i];
                if (digital[ev.Channel[i]])
                {
                    attempts[touchpoint]++;
                    if (nextContact - ev.TimestampMs[i] <= windowMs)
                    {
                        failedAttempts[touchpoint]++;
                        failedPersons.Add(touchpoint, js.JourneyPerson[j]);
                    }
                }

                if (contactStarts[k])
                {
                    contacts[touchpoint]++;
                    if (nextContact - ev.TimestampMs[i] <= repeatMs)
                    {
                        repeatedContacts[touchpoint]++;
                        repeatedPersons.Add(touchpoint, js.JourneyPerson[j]);
                    }

                    nextContact = ev.TimestampMs[i];
                    firstContact = k;
                }

                if (k + 1 < events.Count && ev.TimestampMs[events[k + 1]] - ev.TimestampMs[i] <= windowMs)
                {
                    matrix[(ev.Channel[i] * channels) + ev.Channel[events[k + 1]]]++;
                }
            }

            if (firstContact >= 0)
            {
                withContact++;
                var path = LastSteps(ev, events, firstContact, steps);
                pathLookup[path] = pathLookup.TryGetValue(path, out var count) ? count + 1 : 1;
            }
        }

        var counts = new Counts(matrix, attempts, failedAttempts, contacts, repeatedContacts, failedPersons.Count, repeatedPersons.Count, js.Count, withContact, paths)
        {
            FailedPersonList = failedPersons.Persons,
            RepeatedPersonList = repeatedPersons.Persons,
        };
        return Finish(ev.ChannelNames, ev.TouchpointNames, counts, request);
    }

    /// <summary>
    /// What the scan over the journeys adds up, by channel and touchpoint code (the workspace's order): the channel →
    /// next channel matrix (from × channels + to), per touchpoint the digital attempts, those followed by a contact,
    /// assisted contacts, those repeated, and the distinct persons of the two; the journeys, those with a contact, and
    /// the paths into a first contact by their codes.
    /// </summary>
    public sealed record Counts(long[] Matrix, long[] Attempts, long[] Failed, long[] Contacts, long[] Repeated, Func<int, long> FailedPersons, Func<int, long> RepeatedPersons,
        long Journeys, long WithContact, IReadOnlyDictionary<int[], long> Paths)
    {
        public Func<int, IReadOnlyList<int>> FailedPersonList { get; init; } = _ => [];

        public Func<int, IReadOnlyList<int>> RepeatedPersonList { get; init; } = _ => [];
    }

    /// <summary>The result from the counts, ordered and with intervals: the engine's and a cluster's final step.</summary>
    public static SwitchingResult Finish(string[] channelNames, string[] names, Counts counts, SwitchingRequest request)
    {
        var (matrix, attempts, failedAttempts, contacts, repeatedContacts) = (counts.Matrix, counts.Attempts, counts.Failed, counts.Contacts, counts.Repeated);
        var (channels, withContact) = (channelNames.Length, counts.WithContact);
        string[] Names(int[] codes) => [.. codes.Select(c => names[c])];
        var switches = new List<ChannelSwitch>();
        for (var from = 0; from < channels; from++)
        {
            var (row, total) = (from * channels, matrix.Skip(from * channels).Take(channels).Sum());
            switches.AddRange(Enumerable.Range(0, channels).Where(to => matrix[row + to] > 0).OrderByDescending(to => matrix[row + to])
                .Select(to => new ChannelSwitch(channelNames[from], channelNames[to], matrix[row + to], (double)matrix[row + to] / total)));
        }

        var codes = Enumerable.Range(0, names.Length);
        return new SwitchingResult(
            counts.Journeys,
            withContact,
            switches,
            [.. codes.Where(t => attempts[t] > 0)
                .Select(t => new FailedSelfService(names[t], attempts[t], failedAttempts[t], Estimate.Proportion(failedAttempts[t], attempts[t]), counts.FailedPersons(t)) { Persons = counts.FailedPersonList(t) })
                .OrderByDescending(f => f.FollowedByContact).ThenBy(f => f.Touchpoint, StringComparer.Ordinal)],
            [.. codes.Where(t => contacts[t] > 0)
                .Select(t => new RepeatContact(names[t], contacts[t], repeatedContacts[t], Estimate.Proportion(repeatedContacts[t], contacts[t]),
                    Estimate.Proportion(contacts[t] - repeatedContacts[t], contacts[t]), counts.RepeatedPersons(t)) { Persons = counts.RepeatedPersonList(t) })
                .OrderByDescending(c => c.Contacts).ThenBy(c => c.Touchpoint, StringComparer.Ordinal)],
            [.. counts.Paths.Select(p => (Steps: Names(p.Key), Count: p.Value)).OrderByDescending(p => p.Count).ThenBy(p => string.Join('\u001f', p.Steps), StringComparer.Ordinal)
                .Take(request.TopPaths).Select(p => new PathIntoContact(p.Steps, p.Count, (double)p.Count / Math.Max(1, withContact)))]);
    }

    /// <summary>Up to <c>steps.Length − 1</c> touchpoints before the contact (repeats collapsed), then the contact itself, as codes in <paramref name="steps"/>.</summary>
    private static ReadOnlySpan<int> LastSteps(EventTable ev, List<int> events, int contact, int[] steps)
    {
        var at = steps.Length - 1;
        steps[at] = ev.Touchpoint[events[contact]];
        for (var k = contact - 1; k >= 0 && at > 0; k--)
        {
            var code = ev.Touchpoint[events[k]];
            if (code != steps[at])
            {
                steps[--at] = code;
            }
        }

        return steps.AsSpan(at);
    }
}
