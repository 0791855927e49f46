using JourneyLens.Application.Scopes;
using JourneyLens.Core.Events;
using JourneyLens.Core.Experience;

namespace JourneyLens.ClickHouse;

public sealed partial class ClickHouseBackend
{
    private ScoresResult Scores(Scope scope, int minAnswers)
    {
        var (names, overall, bySubject) = AnswerTotals(scope);
        return Core.Experience.Scores.Finish(names, overall, bySubject, minAnswers);
    }

    /// <summary>
    /// Low points: the answer totals of <see cref="AnswerTotals"/>, and the changes from each answer to the person's next
    /// answer of the same type about another subject (per person and type, the answers in order, paired with the next
    /// by shifting the arrays by one), added up per (from, to, type) in whole numbers. The engine's own code decides.
    /// </summary>
    private LowPointsResult LowPoints(Scope scope, int minAnswers)
    {
        var (names, overall, bySubject) = AnswerTotals(scope);
        var code = Codes(names);
        var changes = OnShards($"""
            SELECT from_subject, to_subject, t, sum(change), sum(change * change), count()
            FROM (
                SELECT person, st AS t,
                    arrayMap(x -> x.2, arraySort(x -> x.1, groupArray((position, subject)))) AS subjects,
                    arrayMap(x -> x.2, arraySort(x -> x.1, groupArray((position, sc)))) AS answers
                FROM ({AnswerRows(scope)})
                GROUP BY person, st)
            ARRAY JOIN arraySlice(subjects, 1, length(subjects) - 1) AS from_subject, arraySlice(subjects, 2) AS to_subject,
                arraySlice(arrayDifference(answers), 2) AS change
            WHERE from_subject != to_subject
            GROUP BY from_subject, to_subject, t
            """, Combine.Key, Combine.Key, Combine.Key, Combine.Sum, Combine.Sum, Combine.Sum).ToDictionary(r => (Subject(code, r[0]), Subject(code, r[1]), (ScoreType)Long(r[2])), r => ((double)Long(r[3]), (double)Long(r[4]), Long(r[5])));
        return Core.Experience.LowPoints.Finish(names, overall, bySubject, changes, minAnswers);
    }

    /// <summary>
    /// The answers of the scope added up per score type and per (subject, type) — counts, promoters, detractors,
    /// satisfied, sums of scores and of their squares, all whole numbers — with the subjects' names in the engine's order.
    /// </summary>
    private (string[] Names, SortedDictionary<ScoreType, ScoreAccumulator> Overall, Dictionary<(int, ScoreType), ScoreAccumulator> BySubject) AnswerTotals(Scope scope)
    {
        var rows = OnShards($"""
            SELECT subject, st, count(), sum(sc >= 9), sum(sc <= 6), sum(sc >= 4), sum(sc), sum(sc * sc)
            FROM ({AnswerRows(scope)})
            GROUP BY subject, st
            """, Combine.Key, Combine.Key, Combine.Sum, Combine.Sum, Combine.Sum, Combine.Sum, Combine.Sum, Combine.Sum);

        var names = TouchpointNames();
        var code = Codes(names);

        var overall = new SortedDictionary<ScoreType, ScoreAccumulator>();
        var bySubject = new Dictionary<(int, ScoreType), ScoreAccumulator>();
        foreach (var r in rows)
        {
            var type = (ScoreType)Long(r[1]);
            var added = ScoreAccumulator.From(type, Long(r[2]), Long(r[3]), Long(r[4]), Long(r[5]), Long(r[6]), Long(r[7]));
            bySubject[(Subject(code, r[0]), type)] = added;
            if (!overall.TryGetValue(type, out var all))
            {
                overall[type] = all = new ScoreAccumulator(type);
            }

            all.Add(added);
        }

        return (names, overall, bySubject);
    }

    /// <summary>
    /// Every answer of the scope with its person, its place among the person's events and its subject (docs/experience.md):
    /// its <c>about</c> touchpoint, else the last event before it in its journey that is not an answer. 18.16 has no
    /// <c>arrayFill</c>: per person, the touchpoints and journey numbers of the events that are not answers are kept as
    /// arrays, and each event carries how many of them came up to it (a running count), which indexes the last one.
    /// An empty subject is none.
    /// </summary>
    private string AnswerRows(Scope scope)
    {
        var perPerson = PerPerson(scope, ("touchpoint", "tps"), ("score_type", "score_types"), ("toInt64(score)", "scores"), ("about", "abouts"));
        return $"""
            SELECT person, position, st, sc,
                if(about != '', about, if(k > 0 AND rated_journeys[toUInt64(k)] = j, rated[toUInt64(k)], '')) AS subject
            FROM (
                SELECT person, tps, score_types, scores, abouts, js,
                    arrayFilter((t, s) -> s = 0, tps, score_types) AS rated,
                    arrayFilter((journey, s) -> s = 0, js, score_types) AS rated_journeys,
                    arrayCumSum(arrayMap(s -> s = 0, score_types)) AS ks
                FROM ({perPerson}))
            ARRAY JOIN arrayEnumerate(score_types) AS position, score_types AS st, scores AS sc, abouts AS about, js AS j, ks AS k
            WHERE st != 0
            """;
    }

    private static int Subject(Dictionary<string, int> code, string name) => name.Length == 0 ? Answers.NoSubject : code[name];
}
