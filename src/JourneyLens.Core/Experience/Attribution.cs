using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;
using MathNet.Numerics.LinearAlgebra;
using JourneyLens.Core.Errors;

namespace JourneyLens.Core.Experience;

public enum Verdict
{
    Decisive,
    Neutral,
    Unnecessary,

    /// <summary>Journeys that reach it (almost) never convert: an exit, not a step to remove.</summary>
    DeadEnd,
}

/// <param name="Journeys">Journeys that pass the touchpoint before converting or ending.</param>
/// <param name="RemovalEffect">1 − P(conversion without it)/P(conversion): the share of conversions lost if it were removed.</param>
/// <param name="ConversionFromHere">P(conversion | at the touchpoint), from the chain's absorption probabilities.</param>
/// <param name="LoopShare">Share of its transitions that return to a touchpoint already visited in the journey.</param>
public sealed record TouchpointImportance(
    string Touchpoint,
    long Journeys,
    double RemovalEffect,
    double AttributedConversions,
    double ConversionFromHere,
    double LoopShare,
    Verdict Verdict,
    string Reason);

public sealed record AttributionResult(string Goal, long Journeys, long Conversions, double ConversionProbability, IReadOnlyList<TouchpointImportance> Touchpoints);

/// <summary>
/// Touchpoint importance from the first-order Markov chain over journeys (docs/experience.md): states start, the touchpoints
/// (consecutive repeats collapsed), conversion and null. A journey converts when it reaches the goal; its path stops
/// there. Absorption probabilities solve (I − Q)x = r exactly; removing a state sends the transitions into it to null.
/// Verdicts (docs/experience.md): unnecessary when most of its transitions loop back to an earlier step, or when it is
/// frequent (≥ 5 % of journeys) and removing it loses under 2 % of conversions; a dead end when under 1 % convert from
/// it; decisive when removing it loses 10 % or more; neutral otherwise.
/// </summary>
public static class Attribution
{
    public const int MaxStates = 200;
    public const double DecisiveEffect = 0.10, NegligibleEffect = 0.02, FrequentShare = 0.05, LoopThreshold = 0.5, DeadEndConversion = 0.01;

    public static AttributionResult Compute(JourneyEngine engine, string goal)
    {
        var (ev, js) = (engine.Events, engine.Journeys);
        var goalCode = TouchpointLookup.Code(ev.TouchpointNames, goal, "goal");

        // States: 0 = start, 1..T = touchpoints (code + 1); absorbing conversion and null are columns of R.
        var t = ev.TouchpointNames.Length;
        var counts = new Dictionary<(int From, int To), long>();
        var toConversion = new long[t + 1];
        var toNull = new long[t + 1];
        var journeysAt = new long[t + 1];
        var loops = new long[t + 1];
        var leaving = new long[t + 1];
        long conversions = 0;
        var seen = new HashSet<int>();
        for (var j = 0; j < js.Count; j++)
        {
            seen.Clear();
            var state = 0;
            var converted = false;
            for (var i = js.JourneyStart[j]; i < js.JourneyStart[j + 1]; i++)
            {
                if (ev.ScoreType[i] != ScoreType.None)
                {
                    continue;
                }

                if (ev.Touchpoint[i] == goalCode)
                {
                    converted = true;
                    break;
                }

                var next = ev.Touchpoint[i] + 1;
                if (next == state)
                {
                    continue;
                }

                counts[(state, next)] = counts.GetValueOrDefault((state, next)) + 1;
                if (state != 0)
                {
                    leaving[state]++;
                    loops[state] += seen.Contains(next) ? 1 : 0;
                }

                if (seen.Add(next))
                {
                    journeysAt[next]++;
                }

                state = next;
            }

            conversions += converted ? 1 : 0;
            (converted ? toConversion : toNull)[state]++;
        }

        return Finish(ev.TouchpointNames, goal, new ChainCounts(counts, toConversion, toNull, journeysAt, loops, leaving, conversions, js.Count));
    }

    /// <summary>
    /// What the journeys add up to, per state (0 = start, code + 1 = touchpoint): transitions between states, ends in
    /// conversion or not, journeys passing each state, and each state's transitions and those looping back.
    /// </summary>
    public sealed record ChainCounts(Dictionary<(int From, int To), long> Transitions, long[] ToConversion, long[] ToNull, long[] JourneysAt, long[] Loops, long[] Leaving,
        long Conversions, long Journeys);

    /// <summary>The chain solved and judged from its counts, however they were made (the engine here, a cluster's SQL).</summary>
    public static AttributionResult Finish(string[] names, string goal, ChainCounts chainCounts)
    {
        var t = names.Length;
        var (counts, toConversion, toNull, journeysAt, loops, leaving, conversions) =
            (chainCounts.Transitions, chainCounts.ToConversion, chainCounts.ToNull, chainCounts.JourneysAt, chainCounts.Loops, chainCounts.Leaving, chainCounts.Conversions);
        var used = Enumerable.Range(1, t).Where(s => journeysAt[s] > 0).ToList();
        if (used.Count + 1 > MaxStates)
        {
            throw new AnalysisException($"{used.Count} touchpoints are more than the {MaxStates - 1} an exact chain is solved for; use --node channel or --node phase, or narrow with --where");
        }

        var chain = new Chain([0, .. used], counts, toConversion, toNull);
        var baseline = chain.ConversionFromStart(removed: -1);
        var effects = used.ToDictionary(s => s, s => baseline <= 0 ? 0 : Math.Max(0, 1 - (chain.ConversionFromStart(chain.IndexOf(s)) / baseline)));
        var effectSum = effects.Values.Sum();
        var fromHere = chain.AbsorptionToConversion(removed: -1);
        var rows = used.Select(s =>
        {
            var share = (double)journeysAt[s] / Math.Max(1, chainCounts.Journeys);
            var loopShare = leaving[s] == 0 ? 0 : (double)loops[s] / leaving[s];
            var conversionHere = fromHere[chain.IndexOf(s)];
            var (verdict, reason) = Judge(effects[s], share, loopShare, conversionHere);
            return new TouchpointImportance(names[s - 1], journeysAt[s], effects[s], effectSum == 0 ? 0 : conversions * effects[s] / effectSum,
                conversionHere, loopShare, verdict, reason);
        });
        return new AttributionResult(goal, chainCounts.Journeys, conversions, baseline, [.. rows.OrderByDescending(r => r.RemovalEffect).ThenBy(r => r.Touchpoint, StringComparer.Ordinal)]);
    }

    private static (Verdict, string) Judge(double effect, double share, double loopShare, double conversionHere) =>
        loopShare >= LoopThreshold ? (Verdict.Unnecessary, $"{loopShare:P0} of its transitions loop back to an earlier step")
        : conversionHere < DeadEndConversion && share >= FrequentShare ? (Verdict.DeadEnd, $"{conversionHere:P1} convert from here")
        : share >= FrequentShare && effect < NegligibleEffect ? (Verdict.Unnecessary, $"in {share:P0} of journeys, removing it loses {effect:P1} of conversions")
        : effect >= DecisiveEffect ? (Verdict.Decisive, $"removing it loses {effect:P0} of conversions")
        : (Verdict.Neutral, $"removing it loses {effect:P1} of conversions");

    /// <summary>The transient part of the chain: transition probabilities between states and into conversion.</summary>
    private sealed class Chain
    {
        private readonly Matrix<double> _q;
        private readonly Vector<double> _r;
        private readonly Dictionary<int, int> _index;

        public Chain(IReadOnlyList<int> states, Dictionary<(int From, int To), long> counts, long[] toConversion, long[] toNull)
        {
            _index = states.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i);
            var n = states.Count;
            _q = Matrix<double>.Build.Dense(n, n);
            _r = Vector<double>.Build.Dense(n);
            var outTotal = new double[n];
            foreach (var ((from, to), c) in counts)
            {
                outTotal[_index[from]] += c;
            }

            for (var i = 0; i < n; i++)
            {
                outTotal[i] += toConversion[states[i]] + toNull[states[i]];
            }

            foreach (var ((from, to), c) in counts)
            {
                _q[_index[from], _index[to]] += c / outTotal[_index[from]];
            }

            for (var i = 0; i < n; i++)
            {
                _r[i] = outTotal[i] == 0 ? 0 : toConversion[states[i]] / outTotal[i];
            }
        }

        public int IndexOf(int state) => _index[state];

        /// <summary>x = (I − Q)⁻¹ r: the probability of conversion from each state; a removed state leads to null.</summary>
        public Vector<double> AbsorptionToConversion(int removed)
        {
            var q = _q.Clone();
            var r = _r.Clone();
            if (removed >= 0)
            {
                q.ClearColumn(removed);
                q.ClearRow(removed);
                r[removed] = 0;
            }

            return (Matrix<double>.Build.DenseIdentity(q.RowCount) - q).Solve(r);
        }

        public double ConversionFromStart(int removed) => AbsorptionToConversion(removed)[0];
    }
}
