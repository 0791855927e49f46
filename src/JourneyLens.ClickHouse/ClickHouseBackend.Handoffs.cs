using JourneyLens.Application.Parameters;
using JourneyLens.Application.Scopes;
using JourneyLens.Core.Catalogue;
using JourneyLens.Core.Errors;
using JourneyLens.Core.Experience;

namespace JourneyLens.ClickHouse;

public sealed partial class ClickHouseBackend
{
    /// <summary>
    /// Hand-offs between consecutive phases of a lens, in two passes on the shards (every pair of phases in each). The journeys are
    /// numbered over every event; only the events that are not answers and have a phase of the lens stay, regrouped per
    /// (person, journey) in order. For phases X → Y, a journey's events of either phase are kept: the first X, then the
    /// first Y after it is the crossing, and the event just before that Y (an X: only X events lie between) is the last X
    /// before it — the hand-off point, counted with the delay. The second pass, with the points the engine's rule keeps,
    /// finds each journey's first point event and whether a Y event follows. The answers' totals per subject come from
    /// the scores' own query; the engine's code finishes each hand-off (<see cref="Handoffs.Finish"/>).
    /// </summary>
    private HandoffsResult Handoffs(Scope scope, string lens, int minAnswers)
    {
        var catalogue = Catalogue.Touchpoints.Count > 0
            ? Catalogue
            : throw new RequestException("handoffs needs a touchpoint catalogue with phases: import one with `journeylens catalogue import FILE`");
        var phases = catalogue.LensNamed(lens).Phases;
        if (phases.Count < 2)
        {
            throw new AnalysisException($"lens '{lens}' lists fewer than two phases; hand-offs need an order of phases (define them under 'lenses:' in the catalogue)");
        }

        var names = TouchpointNames();
        var phaseOf = Core.Experience.Handoffs.PhaseOf(names, catalogue, lens);
        var phased = names.Select((n, i) => (Name: n, Phase: phaseOf[i])).Where(t => t.Phase >= 0).ToList();
        var phaseSql = phased.Count == 0 ? "-1" :
            $"transform(touchpoint, {TextArray(phased.Select(t => t.Name))}, [{string.Join(", ", phased.Select(t => t.Phase))}], -1)";
        var perPerson = PerPerson(scope, ("touchpoint", "tps"), ("toInt64(" + phaseSql + ")", "phs"), ("score_type", "sts"));
        var journeys = $"""
            SELECT person, journey, arrayMap(e -> e.2, sorted) AS ts, arrayMap(e -> e.3, sorted) AS tp, arrayMap(e -> e.4, sorted) AS ph
            FROM (
                SELECT person, journey, arraySort(e -> e.1, groupArray((position, t, tp, ph))) AS sorted
                FROM ({perPerson})
                ARRAY JOIN arrayEnumerate(tps) AS position, times AS t, js AS journey, tps AS tp, phs AS ph, sts AS st
                WHERE st = 0 AND ph >= 0
                GROUP BY person, journey)
            """;
        var totals = AnswerTotals(scope).BySubject;
        var answersByPhase = totals.Select(s => (s.Key.Item1 == Answers.NoSubject ? -1 : phaseOf[s.Key.Item1], s.Value)).ToList();
        var count = Long(OnShards($"SELECT sum(toUInt64(1 + js[length(js)])) FROM ({PerPerson(scope)})", Combine.Sum)[0][0]);

        // Per pair of phases X → Y (numbered k), the journey's events of X or Y, with literal phase numbers (18.16's
        // lambdas see only their arguments): every pair in the same pass over the journeys.
        var pairs = Enumerable.Range(0, phases.Count - 1).ToList();
        string Pair(int k)
        {
            var (px, py) = (ClickHouseCluster.Number(k), ClickHouseCluster.Number(k + 1));
            return $"arrayFilter(p -> p = {px} OR p = {py}, ph) AS p2_{k}, arrayFilter((t, p) -> p = {px} OR p = {py}, ts, ph) AS t2_{k}, " +
                $"arrayFilter((n, p) -> p = {px} OR p = {py}, tp, ph) AS n2_{k}, arrayFirstIndex(p -> p = {px}, p2_{k}) AS fx_{k}, " +
                $"if(fx_{k} > 0, arrayFirstIndex(p -> p = {py}, arraySlice(p2_{k}, fx_{k} + 1)), 0) AS c_{k}";
        }

        var byPair = $"SELECT {string.Join(",\n    ", pairs.Select(Pair))} FROM ({journeys})";
        // A journey's crossing of each pair, if any: a slice of length 0 or 1 (an empty array literal would have no type).
        string Crossing(int k) =>
            $"arraySlice([(toUInt32({k}), n2_{k}[fx_{k} + c_{k} - 1], t2_{k}[fx_{k} + c_{k}] - t2_{k}[fx_{k} + c_{k} - 1])], 1, c_{k} > 0)";
        var crossings = OnShards($"""
            SELECT x.1 AS pair, x.2 AS point, x.3 AS delay, count()
            FROM ({byPair})
            ARRAY JOIN arrayConcat({string.Join(", ", pairs.Select(Crossing))}) AS x
            GROUP BY pair, point, delay
            """, Combine.Key, Combine.Key, Combine.Key, Combine.Sum);
        var lastBefore = pairs.Select(_ => new Dictionary<string, long>(StringComparer.Ordinal)).ToList();
        var delays = pairs.Select(_ => new List<double>()).ToList();
        foreach (var r in crossings)
        {
            var (k, n) = ((int)Long(r[0]), Long(r[3]));
            lastBefore[k][r[1]] = lastBefore[k].GetValueOrDefault(r[1]) + n;
            delays[k].AddRange(Enumerable.Repeat(Long(r[2]) / 1000.0, (int)n));
        }

        // The second pass, for the pairs with hand-off points: each journey's first point event, and whether a Y follows.
        var points = pairs.Select(k => Core.Experience.Handoffs.Points(lastBefore[k], delays[k].Count)).ToList();
        var reaching = pairs.Where(k => points[k].Count > 0).ToList();
        var reach = new long[pairs.Count, 2];
        if (reaching.Count > 0)
        {
            string Reach(int k) =>
                $"countIf(a_{k} > 0), countIf(a_{k} > 0 AND NOT arrayExists(p -> p = {ClickHouseCluster.Number(k + 1)}, arraySlice(p2_{k}, a_{k} + 1)))";
            string First(int k) => $"arrayFirstIndex(n -> has({TextArray(points[k])}, n), n2_{k}) AS a_{k}";
            var row = OnShards($"""
                SELECT {string.Join(", ", reaching.Select(Reach))}
                FROM (SELECT *, {string.Join(", ", reaching.Select(First))} FROM ({byPair}))
                """, [.. reaching.SelectMany(_ => new[] { Combine.Sum, Combine.Sum })])[0];
            for (var i = 0; i < reaching.Count; i++)
            {
                (reach[reaching[i], 0], reach[reaching[i], 1]) = (Long(row[2 * i]), Long(row[(2 * i) + 1]));
            }
        }

        var handoffs = pairs.Select(k => Core.Experience.Handoffs.Finish(phases, k, points[k], delays[k], reach[k, 0], reach[k, 1], answersByPhase, minAnswers)).ToList();
        return new HandoffsResult(lens, count, handoffs);
    }
}
