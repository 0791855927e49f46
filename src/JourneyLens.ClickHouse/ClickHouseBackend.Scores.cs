using JourneyLens.Application.Scopes;
using JourneyLens.Core.Events;
using JourneyLens.Core.Experience;

namespace JourneyLens.ClickHouse;

public sealed partial class ClickHouseBackend
{
    private ScoresResult Scores(Scope scope, int minAnswers, int variants)
    {
        var (names, overall, bySubject) = AnswerTotals(scope);
        var result = Core.Experience.Scores.Finish(names, overall, bySubject, minAnswers);
        return variants > 0 ? result with { Variants = VariantScores(scope, variants, minAnswers) } : result;
    }

    /// <summary>
    /// Scores per path variant: per (person, journey), its touchpoints that are not answers with consecutive repeats
    /// collapsed (each kept where it differs from the one before, passed in as the array shifted by one), and a row for
    /// the journey plus one per answer in it, added up per (path, score type). The engine's code ranks the paths and puts
    /// the rest together (<see cref="VariantScoring.Finish"/>).
    /// </summary>
    private IReadOnlyList<VariantScores> VariantScores(Scope scope, int top, int minAnswers)
    {
        var perPerson = PerPerson(scope, ("touchpoint", "tps"), ("score_type", "sts"), ("toInt64(score)", "scs"));
        var rows = OnShards($"""
            SELECT path, x.1 AS kind, x.2 AS type, count(), sum(x.3 >= 9), sum(x.3 <= 6), sum(x.3 >= 4), sum(x.3), sum(x.3 * x.3)
            FROM (
                SELECT arrayMap(e -> e.2, arrayFilter(e -> e.3 = 0, evs)) AS steps,
                    arrayFilter((t, previous) -> t != previous, steps, arrayPopBack(arrayPushFront(steps, ''))) AS path,
                    arrayFilter(e -> e.3 != 0, evs) AS answers
                FROM (
                    SELECT person, journey, arraySort(e -> e.1, groupArray((position, tp, st, sc))) AS evs
                    FROM ({perPerson})
                    ARRAY JOIN arrayEnumerate(tps) AS position, tps AS tp, sts AS st, scs AS sc, js AS journey
                    GROUP BY person, journey))
            ARRAY JOIN arrayConcat([(toUInt8(0), toUInt8(0), toInt64(0))], arrayMap(e -> (toUInt8(1), e.3, e.4), answers)) AS x
            GROUP BY path, kind, type
            """, Combine.Key, Combine.Key, Combine.Key, Combine.Sum, Combine.Sum, Combine.Sum, Combine.Sum, Combine.Sum, Combine.Sum);
        var variants = rows.GroupBy(r => r[0], StringComparer.Ordinal).Select(path =>
        {
            var answers = path.Where(r => r[1] == "1").Select(r => (Type: (ScoreType)Long(r[2]), Row: r))
                .ToDictionary(a => a.Type, a => ScoreAccumulator.From(a.Type, Long(a.Row[3]), Long(a.Row[4]), Long(a.Row[5]), Long(a.Row[6]), Long(a.Row[7]), Long(a.Row[8])));
            return (Strings(path.Key), Long(path.Single(r => r[1] == "0")[3]), (IReadOnlyDictionary<ScoreType, ScoreAccumulator>)answers);
        });
        return VariantScoring.Finish(variants, top, minAnswers);
    }

    /// <summary>
    /// Low points in one pass: per person and score type, the answers in order with their subjects; each yields a row
    /// for the totals of its (subject, type) (kind 0, as <see cref="AnswerTotals"/> adds them up), and each change to
    /// the person's next answer of the same type about another subject a row for (from, to, type) (kind 1: the arrays
    /// shifted by one) — all whole numbers. The engine's own code decides.
    /// </summary>
    private LowPointsResult LowPoints(Scope scope, int minAnswers)
    {
        var rows = OnShards($"""
            SELECT x.1 AS kind, x.2 AS a, x.3 AS b, t, count(), sum(x.4 >= 9), sum(x.4 <= 6), sum(x.4 >= 4), sum(x.4), sum(x.4 * x.4)
            FROM (
                SELECT person, st AS t,
                    arrayMap(x -> x.2, arraySort(x -> x.1, groupArray((position, subject)))) AS subjects,
                    arrayMap(x -> x.2, arraySort(x -> x.1, groupArray((position, sc)))) AS answers
                FROM ({AnswerRows(scope)})
                GROUP BY person, st)
            ARRAY JOIN arrayConcat(
                arrayMap((s, v) -> (0, s, '', v), subjects, answers),
                arrayFilter(x -> x.2 != x.3,
                    arrayMap((f, to, change) -> (1, f, to, change), arraySlice(subjects, 1, length(subjects) - 1), arraySlice(subjects, 2),
                        arraySlice(arrayDifference(answers), 2)))) AS x
            GROUP BY kind, a, b, t
            """, Combine.Key, Combine.Key, Combine.Key, Combine.Key, Combine.Sum, Combine.Sum, Combine.Sum, Combine.Sum, Combine.Sum, Combine.Sum);
        var (names, overall, bySubject) = Totals(rows.Where(r => r[0] == "0").Select(r => (string[])[r[1], r[3], .. r[4..]]));
        var code = Codes(names);
        var changes = rows.Where(r => r[0] == "1")
            .ToDictionary(r => (Subject(code, r[1]), Subject(code, r[2]), (ScoreType)Long(r[3])), r => ((double)Long(r[8]), (double)Long(r[9]), Long(r[4])));
        return Core.Experience.LowPoints.Finish(names, overall, bySubject, changes, minAnswers);
    }

    /// <summary>
    /// The answers of the scope added up per score type and per (subject, type) — counts, promoters, detractors,
    /// satisfied, sums of scores and of their squares, all whole numbers — with the subjects' names in the engine's order.
    /// </summary>
    private (string[] Names, SortedDictionary<ScoreType, ScoreAccumulator> Overall, Dictionary<(int, ScoreType), ScoreAccumulator> BySubject) AnswerTotals(Scope scope) =>
        Totals(OnShards($"""
            SELECT subject, st, count(), sum(sc >= 9), sum(sc <= 6), sum(sc >= 4), sum(sc), sum(sc * sc)
            FROM ({AnswerRows(scope)})
            GROUP BY subject, st
            """, Combine.Key, Combine.Key, Combine.Sum, Combine.Sum, Combine.Sum, Combine.Sum, Combine.Sum, Combine.Sum));

    /// <summary>Rows of (subject, type, count, promoters, detractors, satisfied, sum, sum of squares) as the engine's accumulators.</summary>
    private (string[] Names, SortedDictionary<ScoreType, ScoreAccumulator> Overall, Dictionary<(int, ScoreType), ScoreAccumulator> BySubject) Totals(IEnumerable<string[]> rows)
    {
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
