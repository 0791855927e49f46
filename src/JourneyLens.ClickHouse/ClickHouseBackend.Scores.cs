using JourneyLens.Application.Scopes;
using JourneyLens.Core.Events;
using JourneyLens.Core.Experience;

namespace JourneyLens.ClickHouse;

public sealed partial class ClickHouseBackend
{
    /// <summary>
    /// NPS, CSAT and CES overall and per subject (docs/experience.md) on the shards. Each answer rates its <c>about</c>
    /// touchpoint, else the last event before it in its journey that is not an answer: per person, the touchpoints and
    /// journey numbers of the events that are not answers are kept as arrays, and each event carries how many of them
    /// came up to it (a running count), which indexes the last one. The answers are added up per (subject, score type)
    /// and per type; subjects are numbered in the order the workspace first met their names (touchpoint before
    /// <c>about</c> within a row), as the engine numbers them, and the result is made by the engine's own code.
    /// </summary>
    private ScoresResult Scores(Scope scope, int minAnswers)
    {
        var perPerson = PerPerson(scope, ("touchpoint", "tps"), ("score_type", "score_types"), ("toInt64(score)", "scores"), ("about", "abouts"));
        var rows = _cluster.Rows($"""
            SELECT subject, st, count(), sum(sc >= 9), sum(sc <= 6), sum(sc >= 4), sum(sc), sum(sc * sc)
            FROM (
                SELECT st, sc,
                    if(about != '', about, if(k > 0 AND rated_journeys[toUInt64(k)] = j, rated[toUInt64(k)], '')) AS subject
                FROM (
                    SELECT tps, score_types, scores, abouts, js,
                        arrayFilter((t, s) -> s = 0, tps, score_types) AS rated,
                        arrayFilter((journey, s) -> s = 0, js, score_types) AS rated_journeys,
                        arrayCumSum(arrayMap(s -> s = 0, score_types)) AS ks
                    FROM ({perPerson}))
                ARRAY JOIN score_types AS st, scores AS sc, abouts AS about, js AS j, ks AS k
                WHERE st != 0)
            GROUP BY subject, st
            """);

        // The engine's subject codes: names in the order first met, over the whole workspace.
        var names = _cluster.Rows($"""
            SELECT name FROM (
                SELECT touchpoint AS name, seq * 2 AS met FROM {target.Database}.events
                UNION ALL SELECT about AS name, seq * 2 + 1 AS met FROM {target.Database}.events WHERE about != '')
            GROUP BY name ORDER BY min(met)
            """).Select(r => r[0]).ToArray();
        var code = names.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);

        var overall = new SortedDictionary<ScoreType, ScoreAccumulator>();
        var bySubject = new Dictionary<(int, ScoreType), ScoreAccumulator>();
        foreach (var r in rows)
        {
            var type = (ScoreType)Long(r[1]);
            var added = ScoreAccumulator.From(type, Long(r[2]), Long(r[3]), Long(r[4]), Long(r[5]), Long(r[6]), Long(r[7]));
            bySubject[(r[0].Length == 0 ? Answers.NoSubject : code[r[0]], type)] = added;
            if (!overall.TryGetValue(type, out var all))
            {
                overall[type] = all = new ScoreAccumulator(type);
            }

            all.Add(added);
        }

        return Core.Experience.Scores.Finish(names, overall, bySubject, minAnswers);
    }
}
