using System.Collections.Immutable;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;
using JourneyLens.Core.Statistics;

namespace JourneyLens.Core.Experience;

/// <summary>A subject whose score is significantly worse than that of all other answers of its type.</summary>
public sealed record LowPoint(string Subject, ScoreType Type, long Answers, double Value, double Rest, double Delta, double Low, double High, double P);

/// <summary>The change in score between two consecutive answers of the same persons (from one subject to the next).</summary>
public sealed record ScoreDrop(string From, string To, ScoreType Type, long Persons, double MeanChange, double Low, double High, double P);

public sealed record LowPointsResult(int MinAnswers, IReadOnlyList<LowPoint> LowPoints, IReadOnlyList<ScoreDrop> Drops);

/// <summary>
/// Low points (docs/experience.md): subjects (touchpoints, channels or phases) whose score is significantly below the rest of
/// the journey's answers of that type (p &lt; 0.05; for CES significantly more effort), most severe first; and the
/// largest drops between consecutive answers of one type by the same person, as the mean change with its t interval.
/// </summary>
public static class LowPoints
{
    public static LowPointsResult Compute(JourneyEngine engine, int minAnswers = Scores.DefaultMinAnswers)
    {
        var answers = Answers.Collect(engine);
        var (overall, bySubject) = Scores.Accumulate(answers);
        return Finish(engine.Events.TouchpointNames, overall, bySubject, Changes(answers), minAnswers);
    }

    /// <summary>
    /// The result from the answers and the changes between consecutive ones added up, however that was done (the
    /// engine here, a cluster's SQL): subjects are codes into <paramref name="names"/>; ties are broken by name, so
    /// every backend lists the same in the same order.
    /// </summary>
    public static LowPointsResult Finish(string[] names, IReadOnlyDictionary<ScoreType, ScoreAccumulator> overall, IReadOnlyDictionary<(int Subject, ScoreType Type), ScoreAccumulator> bySubject,
        IReadOnlyDictionary<(int From, int To, ScoreType Type), (double Sum, double SumOfSquares, long N)> changes, int minAnswers)
    {
        var lows = new List<LowPoint>();
        foreach (var ((subject, type), acc) in bySubject)
        {
            var rest = overall[type].Minus(acc);
            if (acc.N < minAnswers || rest.N < minAnswers)
            {
                continue;
            }

            var d = ScoreAccumulator.Compare(rest, acc);
            var worse = ScoreAccumulator.HigherIsBetter(type) ? d.High < 0 : d.Low > 0;
            if (worse && d.P < Significance.Alpha)
            {
                lows.Add(new LowPoint(Scores.SubjectName(names, subject), type, acc.N, acc.Estimate().Value, rest.Estimate().Value, d.Delta, d.Low, d.High, d.P));
            }
        }

        return new LowPointsResult(minAnswers,
            [.. lows.OrderBy(l => l.Type).ThenBy(l => ScoreAccumulator.HigherIsBetter(l.Type) ? l.Delta : -l.Delta).ThenBy(l => l.Subject, StringComparer.Ordinal)],
            Drops(changes, names, minAnswers));
    }

    /// <summary>The change from each answer to the person's next answer of the same type about another subject, added up per (from, to, type).</summary>
    public static Dictionary<(int From, int To, ScoreType Type), (double Sum, double SumOfSquares, long N)> Changes(ImmutableArray<Answer> answers)
    {
        // Answers come per person in time order (Answers.Collect), so each one's predecessor of the same type is the
        // last one of that type seen since the person began: one pass, no grouping or sorting.
        var changes = new Dictionary<(int From, int To, ScoreType Type), (double Sum, double SumOfSquares, long N)>();
        var previous = new int[Enum.GetValues<ScoreType>().Max(t => (int)t) + 1];
        var person = -1;
        for (var k = 0; k < answers.Length; k++)
        {
            var b = answers[k];
            if (b.Person != person)
            {
                person = b.Person;
                Array.Fill(previous, -1);
            }

            var before = previous[(int)b.Type];
            previous[(int)b.Type] = k;
            if (before < 0 || answers[before].Subject == b.Subject)
            {
                continue;
            }

            var a = answers[before];
            var key = (a.Subject, b.Subject, a.Type);
            var change = (double)(b.Score - a.Score);
            var (sum, squares, n) = changes.GetValueOrDefault(key);
            changes[key] = (sum + change, squares + (change * change), n + 1);
        }

        return changes;
    }

    private static List<ScoreDrop> Drops(IReadOnlyDictionary<(int From, int To, ScoreType Type), (double Sum, double SumOfSquares, long N)> changes, string[] names, int minAnswers) =>
        changes
            .Where(c => c.Value.N >= Math.Max(2, minAnswers)) // a t interval needs two changes at least
            .Select(c =>
            {
                var e = Estimate.Mean(c.Value.Sum, c.Value.SumOfSquares, c.Value.N);
                var se = (e.High - e.Value) / MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, c.Value.N - 1, 0.975);
                var p = se > 0 ? 2 * (1 - MathNet.Numerics.Distributions.StudentT.CDF(0, 1, c.Value.N - 1, Math.Abs(e.Value / se))) : e.Value == 0 ? 1 : 0;
                return new ScoreDrop(Scores.SubjectName(names, c.Key.From), Scores.SubjectName(names, c.Key.To), c.Key.Type, c.Value.N, e.Value, e.Low, e.High, p);
            })
            .Where(d => ScoreAccumulator.HigherIsBetter(d.Type) ? d.MeanChange < 0 : d.MeanChange > 0)
            .OrderBy(d => ScoreAccumulator.HigherIsBetter(d.Type) ? d.MeanChange : -d.MeanChange)
            .ThenBy(d => d.Type).ThenBy(d => d.From, StringComparer.Ordinal).ThenBy(d => d.To, StringComparer.Ordinal)
            .Take(20)
            .ToList();
}
