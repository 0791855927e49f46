using JourneyLens.Application.Parameters;
using JourneyLens.Application.Scopes;
using JourneyLens.Core.Catalogue;
using JourneyLens.Core.Errors;
using JourneyLens.Core.Experience;

namespace JourneyLens.ClickHouse;

public sealed partial class ClickHouseBackend
{
    private TouchpointCatalogue? _catalogue;

    /// <summary>The cluster's touchpoint catalogue (<see cref="ClickHouseCatalogue"/>), read once per query.</summary>
    private TouchpointCatalogue Catalogue => _catalogue ??= ClickHouseCatalogue.Load(_cluster);

    /// <summary>Self-service and assisted channels, with the catalogue's outbound touchpoints excluded from contacts — as the embedded backend takes them.</summary>
    private ChannelClasses Channels(ChannelClasses classes) =>
        classes with { Outbound = Catalogue.Touchpoints.Where(t => t.Outbound).Select(t => t.Name).ToHashSet(StringComparer.Ordinal) };

    /// <summary>
    /// Hand-offs between consecutive phases of a lens, in two passes per pair of phases on the shards. The journeys are
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
            $"transform(touchpoint, [{string.Join(", ", phased.Select(t => ClickHouseFilter.Literal(t.Name)))}], [{string.Join(", ", phased.Select(t => t.Phase))}], -1)";
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

        var handoffs = new List<Handoff>();
        for (var x = 0; x + 1 < phases.Count; x++)
        {
            // The journey's events of X or Y, with literal phase numbers (18.16's lambdas see only their arguments).
            var (px, py) = (ClickHouseCluster.Number(x), ClickHouseCluster.Number(x + 1));
            var pair = $"""
                SELECT arrayFilter(p -> p = {px} OR p = {py}, ph) AS p2, arrayFilter((t, p) -> p = {px} OR p = {py}, ts, ph) AS t2,
                    arrayFilter((n, p) -> p = {px} OR p = {py}, tp, ph) AS n2
                FROM ({journeys})
                """;
            var crossings = OnShards($"""
                SELECT n2[fx + c - 1] AS point, t2[fx + c] - t2[fx + c - 1] AS delay, count()
                FROM (SELECT n2, t2, arrayFirstIndex(p -> p = {px}, p2) AS fx, if(fx > 0, arrayFirstIndex(p -> p = {py}, arraySlice(p2, fx + 1)), 0) AS c FROM ({pair}))
                WHERE c > 0
                GROUP BY point, delay
                """, Combine.Key, Combine.Key, Combine.Sum);
            var lastBefore = new Dictionary<string, long>(StringComparer.Ordinal);
            var delays = new List<double>();
            foreach (var r in crossings)
            {
                var n = Long(r[2]);
                lastBefore[r[0]] = lastBefore.GetValueOrDefault(r[0]) + n;
                delays.AddRange(Enumerable.Repeat(Long(r[1]) / 1000.0, (int)n));
            }

            var points = Core.Experience.Handoffs.Points(lastBefore, delays.Count);
            long reached = 0, lost = 0;
            if (points.Count > 0)
            {
                var reach = OnShards($"""
                    SELECT countIf(a > 0), countIf(a > 0 AND NOT arrayExists(p -> p = {py}, arraySlice(p2, a + 1)))
                    FROM (SELECT p2, arrayFirstIndex(n -> has([{string.Join(", ", points.Select(ClickHouseFilter.Literal))}], n), n2) AS a FROM ({pair}))
                    """, Combine.Sum, Combine.Sum)[0];
                (reached, lost) = (Long(reach[0]), Long(reach[1]));
            }

            handoffs.Add(Core.Experience.Handoffs.Finish(phases, x, points, delays, reached, lost, answersByPhase, minAnswers));
        }

        return new HandoffsResult(lens, count, handoffs);
    }
}
