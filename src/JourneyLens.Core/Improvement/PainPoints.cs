using JourneyLens.Core.Analyses;
using JourneyLens.Core.Catalogue;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;
using JourneyLens.Core.Experience;

namespace JourneyLens.Core.Improvement;

/// <summary>
/// When a finding counts as a pain point (docs/improve.md). Every rule needs at least <see cref="MinCases"/> cases. Long
/// waits between touchpoints are only looked for with <see cref="LongWaitSeconds"/> set: the data alone cannot tell a
/// wait for the organisation from the customer's own time (a flight, the trip to the airport); a map says per step
/// what wait its customers accept (<c>max_wait</c>).
/// </summary>
public sealed record PainRules(
    int MinCases = 30,
    double DropOffShare = 0.20,
    double FailedSelfServiceRate = 0.10,
    double RepeatContactRate = 0.20,
    double LoopShare = 0.25,
    double? LongWaitSeconds = null)
{
    public static readonly PainRules Default = new();
}

public sealed record PainRequest(ChannelClasses Channels, TouchpointCatalogue Catalogue, string Lens, PainRules Rules)
{
    public TimeSpan Window { get; init; } = SwitchingRequest.DefaultWindow;
    public TimeSpan RepeatWindow { get; init; } = SwitchingRequest.DefaultRepeatWindow;

    /// <summary>Keep the customers affected by each pain (a drill-down to its persons); off for the figures alone.</summary>
    public bool RecordPersons { get; init; }
}

/// <param name="Notes">What could not be checked and why.</param>
public sealed record PainPointsResult(IReadOnlyList<DetectedPain> Pains, IReadOnlyList<string> Notes);

/// <summary>
/// Pain points found in the data over touchpoints (docs/improve.md): low points, failed self-service, repeat contact, loops and
/// long waits, ranked by impact = customers affected × severity. Drop-offs need an order of steps and come from a map
/// (<c>MapBinder</c>).
/// </summary>
public static class PainPoints
{
    public static PainPointsResult Detect(JourneyEngine engine, PainRequest request)
    {
        var rules = request.Rules;
        var (ev, js) = (engine.Events, engine.Journeys);
        var names = ev.TouchpointNames;
        var record = request.RecordPersons;
        var reached = new DistinctPersons(names.Length, record);
        ScanResult scan = null!;
        LowPointsResult lowPoints = null!;
        SwitchingResult switching = null!;

        // Four independent scans of the same read-only engine: run side by side.
        SideBySide.Run(
            () => scan = Scan(engine, request),
            () => lowPoints = LowPoints.Compute(engine, rules.MinCases),
            () => switching = Switching.Compute(engine, new SwitchingRequest(request.Window, request.RepeatWindow, request.Channels) { RecordPersons = record }),
            () =>
            {
                for (var j = 0; j < js.Count; j++)
                {
                    for (var i = js.JourneyStart[j]; i < js.JourneyStart[j + 1]; i++)
                    {
                        reached.Add(ev.ScoreType[i] == ScoreType.None || ev.About[i] == EventTable.NoAbout ? ev.Touchpoint[i] : ev.About[i], js.JourneyPerson[j]);
                    }
                }
            });

        var pains = new List<DetectedPain>();
        var code = names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
        foreach (var low in lowPoints.LowPoints.Where(l => code.ContainsKey(l.Subject)))
        {
            var points = low.Type switch { ScoreType.Ces => Math.Abs(low.Delta) / 0.5, ScoreType.Csat => Math.Abs(low.Delta) * 10, _ => Math.Abs(low.Delta) / 10 };
            pains.Add(new DetectedPain(PainKind.LowPoint, low.Subject, low.Subject, reached.Count(code[low.Subject]), Math.Clamp((int)Math.Ceiling(points - 1e-9), 1, 5), low.Delta,
                $"{low.Type.ToString().ToUpperInvariant()} {low.Value:0.##} against {low.Rest:0.##} for the rest (n = {low.Answers}, p {(low.P < 0.0001 ? "< 0.0001" : $"= {low.P:0.####}")})")
            { Persons = reached.Persons(code[low.Subject]) });
        }

        foreach (var f in switching.FailedSelfService.Where(f => f.Attempts >= rules.MinCases && f.Rate.Value >= rules.FailedSelfServiceRate))
        {
            pains.Add(new DetectedPain(PainKind.FailedSelfService, f.Touchpoint, f.Touchpoint, f.PersonsFailed, DetectedPain.SeverityOfShare(f.Rate.Value), f.Rate.Value,
                $"{f.Rate.Value:P0} of {f.Attempts:N0} attempts followed by an assisted contact within {request.Window.TotalHours:0.#} h")
            { Persons = f.Persons });
        }

        foreach (var r in switching.RepeatContact.Where(r => r.Contacts >= rules.MinCases && r.RepeatRate.Value >= rules.RepeatContactRate))
        {
            pains.Add(new DetectedPain(PainKind.RepeatContact, r.Touchpoint, r.Touchpoint, r.PersonsRepeated, DetectedPain.SeverityOfShare(r.RepeatRate.Value), r.RepeatRate.Value,
                $"{r.RepeatRate.Value:P0} of {r.Contacts:N0} contacts followed by another within {request.RepeatWindow.TotalDays:0.#} days")
            { Persons = r.Persons });
        }

        for (var t = 0; t < names.Length; t++)
        {
            var share = scan.JourneysAt[t] == 0 ? 0 : (double)scan.JourneysLooping[t] / scan.JourneysAt[t];
            if (scan.JourneysAt[t] >= rules.MinCases && share >= rules.LoopShare)
            {
                pains.Add(new DetectedPain(PainKind.Loop, names[t], names[t], scan.PersonsLooping.Count(t), DetectedPain.SeverityOfShare(share), share,
                    $"{share:P0} of {scan.JourneysAt[t]:N0} journeys come back to it after going elsewhere")
                { Persons = scan.PersonsLooping.Persons(t) });
            }
        }

        foreach (var ((a, b), wait) in scan.Waits.Where(w => w.Value.Seconds.Count >= rules.MinCases))
        {
            var stats = DurationStats.Of([.. wait.Seconds]);
            if (rules.LongWaitSeconds is { } limit && stats.Median >= limit)
            {
                var severity = Math.Clamp(1 + (int)Math.Floor(Math.Log2(stats.Median / limit)), 1, 5);
                pains.Add(new DetectedPain(PainKind.LongWait, $"{names[a]} → {names[b]}", names[b], wait.PersonsLong, severity, stats.Median,
                    $"median wait {DurationText.Format(stats.Median)} (p90 {DurationText.Format(stats.P90)}) over {wait.Seconds.Count:N0} journeys")
                { Persons = wait.Persons });
            }
        }

        var notes = rules.LongWaitSeconds is null
            ? new[] { "long waits between touchpoints not checked: give --long-wait (e.g. 30m), or a map step's max_wait" }
            : !request.Catalogue.Touchpoints.Any()
                ? ["long waits not checked: they are waits between touchpoints of one phase, and the workspace has no touchpoint catalogue (journeylens catalogue import)"]
                : [];
        return new PainPointsResult(Rank(pains), notes);
    }

    /// <summary>Most impact first; ties by severity, then name, so the order is stable.</summary>
    public static IReadOnlyList<DetectedPain> Rank(IEnumerable<DetectedPain> pains) =>
        [.. pains.OrderByDescending(p => p.Impact).ThenByDescending(p => p.Severity).ThenBy(p => p.At, StringComparer.Ordinal).ThenBy(p => p.Kind)];

    private sealed class Wait
    {
        public List<double> Seconds { get; } = [];
        public long PersonsLong { get; set; }
        public int LastPerson { get; set; } = -1;

        /// <summary>Who waited too long, when recording (else empty).</summary>
        public List<int> Persons { get; } = [];
    }

    private sealed record ScanResult(long[] JourneysAt, long[] JourneysLooping, DistinctPersons PersonsLooping, Dictionary<(int, int), Wait> Waits);

    /// <summary>
    /// One pass over the journeys' non-answer events, repeats collapsed: journeys at each touchpoint, journeys that come
    /// back to it after another touchpoint, and the waits between consecutive touchpoints of one phase.
    /// </summary>
    private static ScanResult Scan(JourneyEngine engine, PainRequest request)
    {
        var (ev, js) = (engine.Events, engine.Journeys);
        var n = ev.TouchpointNames.Length;
        var phase = ev.TouchpointNames.Select(t => request.Catalogue.Find(t) is null ? null : request.Catalogue.PhaseOf(t, request.Lens)).ToArray();
        var (at, looping, loopers) = (new long[n], new long[n], new DistinctPersons(n, request.RecordPersons));
        var waits = new Dictionary<(int, int), Wait>();
        var seen = new int[n];
        var looped = new int[n];
        Array.Fill(seen, -1);
        Array.Fill(looped, -1);
        for (var j = 0; j < js.Count; j++)
        {
            var (previous, previousTs) = (-1, 0L);
            var person = js.JourneyPerson[j];
            for (var i = js.JourneyStart[j]; i < js.JourneyStart[j + 1]; i++)
            {
                var t = ev.Touchpoint[i];
                if (ev.ScoreType[i] != ScoreType.None || t == previous)
                {
                    previousTs = ev.ScoreType[i] == ScoreType.None ? ev.TimestampMs[i] : previousTs;
                    continue;
                }

                if (seen[t] != j)
                {
                    seen[t] = j;
                    at[t]++;
                }
                else if (looped[t] != j)
                {
                    looped[t] = j;
                    looping[t]++;
                    loopers.Add(t, person);
                }

                if (previous >= 0 && request.Rules.LongWaitSeconds is { } limit && phase[t] is { } p && p != TouchpointCatalogue.NoPhase && p == phase[previous])
                {
                    if (!waits.TryGetValue((previous, t), out var wait))
                    {
                        waits[(previous, t)] = wait = new Wait();
                    }

                    var seconds = (ev.TimestampMs[i] - previousTs) / 1000.0;
                    wait.Seconds.Add(seconds);
                    if (seconds >= limit && wait.LastPerson != person)
                    {
                        wait.LastPerson = person;
                        wait.PersonsLong++;
                        if (request.RecordPersons)
                        {
                            wait.Persons.Add(person);
                        }
                    }
                }

                (previous, previousTs) = (t, ev.TimestampMs[i]);
            }
        }

        return new ScanResult(at, looping, loopers, waits);
    }
}
