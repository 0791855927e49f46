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
    /// its <c>about</c> touchpoint, else the last event before it in its journey that is not an answer. Each event carries
    /// how many non-answers came up to it (a running count), so an answer and the non-answer it may be about share that
    /// number: grouped by (person, number), each group is one such event and the answers after it, and the subject is
    /// that event's touchpoint when its journey is the answer's. Only answers and the non-answers just before one are
    /// grouped. Linear in a person's events: gathering each answer's subject from the person's arrays would copy them
    /// once per answer (a person with 60,000 events needed 12 GB). An empty subject is none.
    /// </summary>
    private string AnswerRows(Scope scope)
    {
        var perPerson = PerPerson(scope, ("touchpoint", "tps"), ("score_type", "score_types"), ("toInt64(score)", "scores"), ("about", "abouts"));
        return $"""
            SELECT person, a.1 AS position, a.2 AS st, a.3 AS sc, if(a.4 != '', a.4, if(k > 0 AND a.5 = anchor_j, anchor_tp, '')) AS subject
            FROM (
                SELECT person, k, anyIf(tp, st = 0) AS anchor_tp, anyIf(j, st = 0) AS anchor_j, groupArrayIf((position, st, sc, about, j), st != 0) AS answers
                FROM (
                    SELECT person, tps, score_types, scores, abouts, js,
                        arrayCumSum(arrayMap(s -> s = 0, score_types)) AS ks,
                        arrayMap(s -> s != 0, arrayConcat(arraySlice(score_types, 2), [toUInt8(0)])) AS answer_next
                    FROM ({perPerson}))
                ARRAY JOIN arrayEnumerate(score_types) AS position, score_types AS st, scores AS sc, abouts AS about, js AS j, ks AS k, tps AS tp,
                    answer_next AS next
                WHERE st != 0 OR next
                GROUP BY person, k)
            ARRAY JOIN answers AS a
            """;
    }

    private static int Subject(Dictionary<string, int> code, string name) => name.Length == 0 ? Answers.NoSubject : code[name];
}
