using JourneyLens.Core.Analyses;
using JourneyLens.Core.Catalogue;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;
using JourneyLens.Core.Statistics;
using JourneyLens.Core.Errors;

namespace JourneyLens.Core.Experience;

/// <summary>The score of answers about the handing-over phase against those about the receiving phase.</summary>
public sealed record HandoffScore(ScoreType Type, ScoreFigure Before, ScoreFigure After, Difference Change);

/// <param name="HandoffPoints">The touchpoints of the first phase from which journeys cross (each before ≥ 5 % of the crossings).</param>
/// <param name="Reached">Journeys that reach a hand-off point.</param>
/// <param name="Lost">Of those, journeys never reaching the next phase afterwards.</param>
public sealed record Handoff(
    string From,
    string To,
    long Crossings,
    IReadOnlyList<string> HandoffPoints,
    long Reached,
    long Lost,
    Estimate DropOff,
    double? MedianDelaySeconds,
    double? MeanDelaySeconds,
    IReadOnlyList<HandoffScore> Scores);

public sealed record HandoffsResult(string Lens, long Journeys, IReadOnlyList<Handoff> Handoffs);

/// <summary>
/// Hand-offs between consecutive phases of a lens (docs/experience.md; the functional lens: marketing → sales → service). A
/// crossing is a journey with an event of phase X later followed by one of phase Y; its hand-off point is the last X
/// touchpoint before the first such Y event. Drop-off is measured among journeys that reach a hand-off point: the
/// share that never reach Y after it. Delay runs from that last X event to the first Y event. Scores compare the
/// answers about X touchpoints with those about Y touchpoints.
/// </summary>
public static class Handoffs
{
    public const double HandoffPointShare = 0.05;

    public static HandoffsResult Compute(JourneyEngine engine, TouchpointCatalogue catalogue, string lens = "functional", int minAnswers = Scores.DefaultMinAnswers)
    {
        var phases = catalogue.LensNamed(lens).Phases;
        if (phases.Count < 2)
        {
            throw new AnalysisException($"lens '{lens}' lists fewer than two phases; hand-offs need an order of phases (define them under 'lenses:' in the catalogue)");
        }

        var (ev, js) = (engine.Events, engine.Journeys);
        var phaseOf = PhaseOf(ev.TouchpointNames, catalogue, lens);
        var bySubject = new Dictionary<(int Subject, ScoreType Type), ScoreAccumulator>();
        foreach (var a in Answers.Collect(engine))
        {
            (bySubject.TryGetValue((a.Subject, a.Type), out var acc) ? acc : bySubject[(a.Subject, a.Type)] = new ScoreAccumulator(a.Type)).Add(a.Score);
        }

        var handoffs = new List<Handoff>();
        for (var x = 0; x + 1 < phases.Count; x++)
        {
            var y = x + 1;
            var lastBefore = new Dictionary<string, long>(StringComparer.Ordinal);
            var delays = new List<double>();
            for (var j = 0; j < js.Count; j++)
            {
                if (Crossing(ev, js, j, phaseOf, x, y) is { } c)
                {
                    var point = ev.TouchpointNames[ev.Touchpoint[c.LastX]];
                    lastBefore[point] = lastBefore.GetValueOrDefault(point) + 1;
                    delays.Add((ev.TimestampMs[c.FirstY] - ev.TimestampMs[c.LastX]) / 1000.0);
                }
            }

            var points = Points(lastBefore, delays.Count);
            var codes = points.Select(p => Array.IndexOf(ev.TouchpointNames, p)).ToHashSet();
            long reached = 0, lost = 0;
            for (var j = 0; j < js.Count && codes.Count > 0; j++)
            {
                var at = -1;
                var crossed = false;
                for (var i = js.JourneyStart[j]; i < js.JourneyStart[j + 1] && !crossed; i++)
                {
                    if (ev.ScoreType[i] != ScoreType.None)
                    {
                        continue;
                    }

                    at = at < 0 && codes.Contains(ev.Touchpoint[i]) ? i : at;
                    crossed = at >= 0 && phaseOf[ev.Touchpoint[i]] == y;
                }

                reached += at >= 0 ? 1 : 0;
                lost += at >= 0 && !crossed ? 1 : 0;
            }

            handoffs.Add(Finish(phases, x, points, delays, reached, lost, bySubject.Select(s => (s.Key.Subject == Answers.NoSubject ? -1 : phaseOf[s.Key.Subject], s.Value)), minAnswers));
        }

        return new HandoffsResult(lens, js.Count, handoffs);
    }

    /// <summary>Each touchpoint's place in the lens's order of phases (−1: none of them).</summary>
    public static int[] PhaseOf(IReadOnlyList<string> touchpoints, TouchpointCatalogue catalogue, string lens)
    {
        var order = catalogue.LensNamed(lens).Phases.ToList();
        return [.. touchpoints.Select(n => order.IndexOf(catalogue.PhaseOf(n, lens)))];
    }

    /// <summary>The hand-off points: the touchpoints last before ≥ 5 % of the crossings, by name.</summary>
    public static IReadOnlyList<string> Points(IReadOnlyDictionary<string, long> lastBefore, long crossings) =>
        [.. lastBefore.Where(p => p.Value >= HandoffPointShare * crossings).Select(p => p.Key).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The hand-off from phase <paramref name="x"/> to the next from its figures: the crossings' delays (seconds, any
    /// order), the journeys reaching a hand-off point and those lost, and the answers added up per subject's phase.
    /// </summary>
    public static Handoff Finish(IReadOnlyList<string> phases, int x, IReadOnlyList<string> points, IReadOnlyList<double> delays, long reached, long lost,
        IEnumerable<(int Phase, ScoreAccumulator Answers)> answersByPhase, int minAnswers)
    {
        var (before, after) = (new Dictionary<ScoreType, ScoreAccumulator>(), new Dictionary<ScoreType, ScoreAccumulator>());
        foreach (var (phase, answers) in answersByPhase)
        {
            var into = phase == x ? before : phase == x + 1 ? after : null;
            if (into is not null)
            {
                (into.TryGetValue(answers.Type, out var acc) ? acc : into[answers.Type] = new ScoreAccumulator(answers.Type)).Add(answers);
            }
        }

        var stats = delays.Count == 0 ? null : DurationStats.Of([.. delays]);
        return new Handoff(phases[x], phases[x + 1], delays.Count, points, reached, lost, Estimate.Proportion(lost, reached), stats?.Median, stats?.Mean,
            [.. before.Keys.Intersect(after.Keys).Order().Select(t =>
                new HandoffScore(t, before[t].Figure(minAnswers), after[t].Figure(minAnswers), ScoreAccumulator.Compare(before[t], after[t])))]);
    }

    /// <summary>The first event of phase Y after an event of phase X, and the last X event before it; answers are not steps.</summary>
    private static (int LastX, int FirstY)? Crossing(EventTable ev, JourneyIndex js, int j, int[] phaseOf, int x, int y)
    {
        var lastX = -1;
        for (var i = js.JourneyStart[j]; i < js.JourneyStart[j + 1]; i++)
        {
            if (ev.ScoreType[i] != ScoreType.None)
            {
                continue;
            }

            var phase = phaseOf[ev.Touchpoint[i]];
            if (phase == x)
            {
                lastX = i;
            }
            else if (phase == y && lastX >= 0)
            {
                return (lastX, i);
            }
        }

        return null;
    }
}
