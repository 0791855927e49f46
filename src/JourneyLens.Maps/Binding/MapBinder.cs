using JourneyLens.Core.Analyses;
using JourneyLens.Core.Catalogue;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;
using JourneyLens.Core.Experience;
using JourneyLens.Core.Improvement;
using JourneyLens.Core.Statistics;
using JourneyLens.Maps.Model;
using JourneyLens.Maps.Validation;
using JourneyLens.Core.Errors;

namespace JourneyLens.Maps.Binding;

/// <param name="Lens">View the map through this lens instead of its own phases; null keeps the map's.</param>
public sealed record BindRequest(TouchpointCatalogue Catalogue, ChannelClasses Channels, PainRules Rules, string? Lens = null, int MinAnswers = Scores.DefaultMinAnswers)
{
    /// <summary>Keep the customers behind each pain point (a drill-down to its persons).</summary>
    public bool RecordPersons { get; init; }
}

/// <summary>
/// Binds a map to the data (docs/maps.md): per step the events at its touchpoints, the journeys and persons reaching it,
/// the drop-off into the next step, the wait from the previous one, its scores and the emotion they give; the map's
/// coverage; and the pain points — those written in the map and those found in the data — ranked by impact.
/// </summary>
public static class MapBinder
{
    public static BoundMap Bind(JourneyMap map, JourneyEngine engine, BindRequest request)
    {
        var (ev, js) = (engine.Events, engine.Journeys);
        var steps = map.Steps;
        var code = ev.TouchpointNames.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
        var (stepsOf, bound) = StepsOf(map, code);

        // Drop-off and waits run along the main line of the map: steps with touchpoints that every customer takes.
        bool MainLine(int s) => bound[s] && steps[s].IsTouchpoint && !steps[s].Optional;
        var next = Enumerable.Range(0, steps.Count).Select(s => Enumerable.Range(s + 1, steps.Count - s - 1).Where(MainLine).DefaultIfEmpty(-1).First()).ToArray();
        var previous = Enumerable.Range(0, steps.Count).Select(s => Enumerable.Range(0, s).Reverse().Where(MainLine).DefaultIfEmpty(-1).First()).ToArray();
        var maxWait = steps.Select(s => s.MaxWait is { } w ? w.TotalSeconds : double.PositiveInfinity).ToArray();
        StepScan scan = null!;
        (List<ScoreFigure>[] Figures, long[] Answered, DistinctPersons? AnsweredPersons) scores = ([], [], null);
        PainPointsResult detected = null!;
        SideBySide.Run(
            () => scan = Scan(engine, stepsOf, next, previous, maxWait, request.RecordPersons),
            () => scores = ScoresPerStep(engine, stepsOf, steps.Count, request.MinAnswers, request.RecordPersons),
            () => detected = PainPoints.Detect(engine, new PainRequest(request.Channels, request.Catalogue, request.Lens ?? map.Lens, request.Rules) { RecordPersons = request.RecordPersons }));
        var (scoreFigures, answered, answeredPersons) = scores;
        var lens = request.Lens is { } l && l != map.Lens ? l : null;
        var phases = lens is null ? MapValidator.PhasesOf(map, request.Catalogue) : request.Catalogue.PhasesInOrder(lens);
        var volumes = lens is null ? [] : Volumes(ev);
        var totalJourneys = js.Count;
        var result = new List<BoundStep>();
        var found = new List<(int Step, DetectedPain Pain)>();
        for (var s = 0; s < steps.Count; s++)
        {
            var figures = scoreFigures[s];
            var unmeasured = !bound[s] && steps[s].Touchpoints.Count == 0 ? "no touchpoints bound"
                : !bound[s] ? "its touchpoints are not in the workspace"
                : scan.Events[s] == 0 && figures.Count == 0 ? "no events or answers at its touchpoints in this scope"
                : null;
            Estimate? dropOff = next[s] >= 0 && scan.Journeys[s] > 0 ? Estimate.Proportion(scan.Journeys[s] - scan.Continued[s], scan.Journeys[s]) : null;
            if (dropOff is { } d && scan.Journeys[s] >= request.Rules.MinCases && d.Value >= request.Rules.DropOffShare)
            {
                found.Add((s, new DetectedPain(PainKind.DropOff, steps[s].Id, steps[s].Touchpoints[0], scan.Dropped.Count(s), DetectedPain.SeverityOfShare(d.Value), d.Value,
                    $"{d.Value:P0} of {scan.Journeys[s]:N0} journeys reaching '{steps[s].Title}' do not go on to '{steps[next[s]].Title}'") { Persons = scan.Dropped.Persons(s) }));
            }

            var waits = scan.Waits[s];
            if (steps[s].MaxWait is { } max && waits.Count >= request.Rules.MinCases && waits.Count(w => w > max.TotalSeconds) is var over
                && (double)over / waits.Count >= request.Rules.DropOffShare)
            {
                var share = (double)over / waits.Count;
                found.Add((s, new DetectedPain(PainKind.LongWait, steps[s].Id, steps[s].Touchpoints[0], scan.WaitedTooLong.Count(s), DetectedPain.SeverityOfShare(share), share,
                    $"{share:P0} of {waits.Count:N0} waits from '{steps[previous[s]].Title}' longer than the {DurationText.Format(max.TotalSeconds)} customers accept (median {DurationText.Format(DurationStats.Of([.. waits]).Median)})")
                { Persons = scan.WaitedTooLong.Persons(s) }));
            }

            var pains = detected.Pains.Where(p => steps[s].Touchpoints.Contains(p.Touchpoint)).Concat(found.Where(x => x.Step == s).Select(x => x.Pain));
            result.Add(new BoundStep(steps[s], lens is null ? steps[s].Phase : PhaseUnder(steps[s], lens, request.Catalogue, code, volumes),
                unmeasured, scan.Events[s], scan.Journeys[s], scan.Persons.Count(s), Estimate.Proportion(scan.Journeys[s], totalJourneys),
                next[s] >= 0 ? steps[next[s]].Id : null, dropOff, scan.Dropped.Count(s),
                scan.Waits[s].Count > 0 ? DurationStats.Of([.. scan.Waits[s]]) : null, scan.Waits[s].Count,
                figures, EmotionScale.From(figures), PainPoints.Rank(pains)));
        }

        var boundTouchpoints = steps.SelectMany(s => s.Touchpoints).ToHashSet(StringComparer.Ordinal);
        var ranked = map.PainPoints.Select(p =>
            {
                var s = steps.Select((x, i) => (x, i)).First(x => x.x.Id == p.Step).i;
                var affected = Math.Max(scan.Persons.Count(s), answered[s]);
                return new RankedPain("map", p.Id, p.Step, "researched", p.Title, affected, p.Severity,
                    $"{affected:N0} customers reach step '{steps[s].Title}'; severity {p.Severity} from the map")
                { Persons = scan.Persons.Count(s) >= answered[s] ? scan.Persons.Persons(s) : answeredPersons!.Persons(s) };
            })
            .Concat(result.SelectMany(b => b.Pains.Select(p => new RankedPain("data", p.Key, b.Step.Id, DetectedPain.KindName(p.Kind),
                Title(p, b.Step), p.CustomersAffected, p.Severity, p.Evidence) { Persons = p.Persons })))
            .OrderByDescending(p => p.Impact).ThenBy(p => p.Source, StringComparer.Ordinal).ThenBy(p => p.Id, StringComparer.Ordinal)
            .ToList();
        var measured = result.Count(b => b.Measured);
        var (metrics, notes) = (new List<MetricValue>(), detected.Notes.ToList());
        foreach (var metric in map.Metrics)
        {
            try
            {
                metrics.Add(Metric.Measure(engine, metric, request.Channels));
            }
            catch (AnalysisException e)
            {
                notes.Add($"map metric '{metric}' not measured: {e.Message}");
            }
        }

        return new BoundMap(map, lens ?? map.Lens, totalJourneys, ev.PersonsWithEvents(), phases, result, steps.Count == 0 ? 0 : (double)measured / steps.Count, ranked,
            [.. detected.Pains.Where(p => !boundTouchpoints.Contains(p.Touchpoint))], notes)
        { Metrics = metrics };
    }

    /// <summary>
    /// The measured emotion of each step (null where too few answered), from the answers of the persons
    /// <paramref name="person"/> keeps (all when null): a persona's line beside the map's. The same as over an engine
    /// narrowed to those persons (whole persons are kept, so are their answers), without building it.
    /// </summary>
    public static IReadOnlyList<MeasuredEmotion?> EmotionLine(JourneyMap map, JourneyEngine engine, int minAnswers, Func<int, bool>? person = null)
    {
        var code = engine.Events.TouchpointNames.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
        var (figures, _, _) = ScoresPerStep(engine, StepsOf(map, code).StepsOf, map.Steps.Count, minAnswers, record: false, person);
        return [.. figures.Select(EmotionScale.From)];
    }

    /// <summary>Per touchpoint code the steps it evidences; per step whether any of its touchpoints is in the data.</summary>
    private static (List<int>?[] StepsOf, bool[] Bound) StepsOf(JourneyMap map, Dictionary<string, int> code)
    {
        var stepsOf = new List<int>?[code.Count];
        var bound = new bool[map.Steps.Count];
        for (var s = 0; s < map.Steps.Count; s++)
        {
            foreach (var t in map.Steps[s].Touchpoints.Where(code.ContainsKey))
            {
                (stepsOf[code[t]] ??= []).Add(s);
                bound[s] = true;
            }
        }

        return (stepsOf, bound);
    }

    /// <summary>A map without data (no workspace yet): every step unmeasured, so that it still renders.</summary>
    public static BoundMap Unbound(JourneyMap map, TouchpointCatalogue catalogue)
    {
        var none = Estimate.Proportion(0, 0);
        var steps = map.Steps.Select(s => new BoundStep(s, s.Phase, "not bound to data", 0, 0, 0, none, null, null, 0, null, 0, [], null, [])).ToList();
        var pains = map.PainPoints.Select(p => new RankedPain("map", p.Id, p.Step, "researched", p.Title, 0, p.Severity, $"severity {p.Severity} from the map")).ToList();
        return new BoundMap(map, map.Lens, 0, 0, MapValidator.PhasesOf(map, catalogue), steps, 0, pains, [], ["not bound to data: no workspace"]);
    }

    private static string Title(DetectedPain p, Step step) => p.Kind switch
    {
        PainKind.DropOff => $"Journeys stop at '{step.Title}'",
        PainKind.LongWait when p.At == step.Id => $"Customers wait too long for '{step.Title}'",
        PainKind.LowPoint => $"Low score at {p.At}",
        PainKind.FailedSelfService => $"Self-service fails at {p.At}: customers contact you",
        PainKind.RepeatContact => $"Contact at {p.At} does not resolve it",
        PainKind.Loop => $"Customers go round in circles at {p.At}",
        _ => $"Long wait {p.At}",
    };

    /// <summary>Under another lens a step goes where most of its events are; without events, to its first catalogued touchpoint's phase.</summary>
    private static string PhaseUnder(Step step, string lens, TouchpointCatalogue catalogue, Dictionary<string, int> code, long[] volumes)
    {
        var counts = step.Touchpoints.Where(t => catalogue.Find(t) is not null)
            .Select(t => (Phase: catalogue.PhaseOf(t, lens), Weight: code.TryGetValue(t, out var c) ? volumes[c] : 0))
            .GroupBy(x => x.Phase).Select(g => (Phase: g.Key, Weight: g.Sum(x => x.Weight))).ToList();
        return counts.Count == 0 ? TouchpointCatalogue.NoPhase : counts.OrderByDescending(x => x.Weight).First().Phase;
    }

    private static long[] Volumes(EventTable ev)
    {
        var volumes = new long[ev.TouchpointNames.Length];
        foreach (var t in ev.Touchpoint)
        {
            volumes[t]++;
        }

        return volumes;
    }

    private sealed record StepScan(long[] Events, long[] Journeys, long[] Continued, DistinctPersons Persons, DistinctPersons Dropped, List<double>[] Waits, DistinctPersons WaitedTooLong);

    /// <summary>
    /// One pass over the journeys: per step its events, the journeys and persons reaching it, whether each journey goes on
    /// to the next main-line step at or after its first arrival, and the wait from the previous main-line step.
    /// </summary>
    private static StepScan Scan(JourneyEngine engine, List<int>?[] stepsOf, int[] next, int[] previous, double[] maxWait, bool record)
    {
        var (ev, js) = (engine.Events, engine.Journeys);
        var count = maxWait.Length;
        var scan = new StepScan(new long[count], new long[count], new long[count], new DistinctPersons(count, record), new DistinctPersons(count, record),
            Enumerable.Range(0, count).Select(_ => new List<double>()).ToArray(), new DistinctPersons(count, record));
        var (mark, first, last) = (Enumerable.Repeat(-1, count).ToArray(), new long[count], new long[count]);
        var reached = new List<int>();
        for (var j = 0; j < js.Count; j++)
        {
            reached.Clear();
            for (var i = js.JourneyStart[j]; i < js.JourneyStart[j + 1]; i++)
            {
                if (ev.ScoreType[i] != ScoreType.None || stepsOf[ev.Touchpoint[i]] is not { } owners)
                {
                    continue;
                }

                var ts = ev.TimestampMs[i];
                foreach (var s in owners)
                {
                    scan.Events[s]++;
                    if (mark[s] != j)
                    {
                        mark[s] = j;
                        first[s] = ts;
                        reached.Add(s);
                        scan.Journeys[s]++;
                        scan.Persons.Add(s, js.JourneyPerson[j]);
                        if (previous[s] >= 0 && mark[previous[s]] == j)
                        {
                            var seconds = (ts - last[previous[s]]) / 1000.0;
                            scan.Waits[s].Add(seconds);
                            if (seconds > maxWait[s])
                            {
                                scan.WaitedTooLong.Add(s, js.JourneyPerson[j]);
                            }
                        }
                    }

                    last[s] = ts;
                }
            }

            foreach (var s in reached.Where(s => next[s] >= 0))
            {
                if (mark[next[s]] == j && last[next[s]] >= first[s])
                {
                    scan.Continued[s]++;
                }
                else
                {
                    scan.Dropped.Add(s, js.JourneyPerson[j]);
                }
            }
        }

        return scan;
    }

    /// <summary>Scores per step from the answers about its touchpoints, and the persons who answered there.</summary>
    private static (List<ScoreFigure>[] Figures, long[] Answered, DistinctPersons AnsweredPersons) ScoresPerStep(JourneyEngine engine, List<int>?[] stepsOf, int count, int minAnswers, bool record,
        Func<int, bool>? person = null)
    {
        var accumulators = Enumerable.Range(0, count).Select(_ => new SortedDictionary<ScoreType, ScoreAccumulator>()).ToArray();
        var answered = new DistinctPersons(count, record);
        foreach (var a in Answers.Collect(engine))
        {
            if (a.Subject == Answers.NoSubject || stepsOf[a.Subject] is not { } owners || (person is not null && !person(a.Person)))
            {
                continue;
            }

            foreach (var s in owners)
            {
                if (!accumulators[s].TryGetValue(a.Type, out var acc))
                {
                    accumulators[s][a.Type] = acc = new ScoreAccumulator(a.Type);
                }

                acc.Add(a.Score);
                answered.Add(s, a.Person);
            }
        }

        return (accumulators.Select(d => d.Values.Select(acc => acc.Figure(minAnswers)).ToList()).ToArray(),
            Enumerable.Range(0, count).Select(s => answered.Count(s)).ToArray(), answered);
    }
}
