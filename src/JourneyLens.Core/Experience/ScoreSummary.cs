using JourneyLens.Core.Events;
using JourneyLens.Core.Statistics;

namespace JourneyLens.Core.Experience;

/// <summary>
/// One score over a set of answers: NPS in points (−100…100), CSAT as the share of 4–5 answers, CES as the mean effort
/// (1–7, higher is more effort). <see cref="TooFew"/> marks fewer answers than the minimum: shown, never as a bare number.
/// </summary>
public sealed record ScoreFigure(ScoreType Type, long Answers, double Value, double Low, double High, bool TooFew);

/// <summary>Adds up answers of one score type; gives the figure with its interval.</summary>
public sealed class ScoreAccumulator(ScoreType type)
{
    public ScoreType Type { get; } = type;
    public long N { get; private set; }
    public long Promoters { get; private set; }
    public long Detractors { get; private set; }
    public long Satisfied { get; private set; }
    public double Sum { get; private set; }
    public double SumOfSquares { get; private set; }

    public static ScoreAccumulator From(ScoreType type, long n, long promoters, long detractors, long satisfied, double sum, double sumOfSquares) => new(type)
    {
        N = n,
        Promoters = promoters,
        Detractors = detractors,
        Satisfied = satisfied,
        Sum = sum,
        SumOfSquares = sumOfSquares,
    };

    public void Add(int score)
    {
        N++;
        Sum += score;
        SumOfSquares += (double)score * score;
        Promoters += Answers.IsPromoter(score) ? 1 : 0;
        Detractors += Answers.IsDetractor(score) ? 1 : 0;
        Satisfied += Answers.IsSatisfied(score) ? 1 : 0;
    }

    public void Add(ScoreAccumulator other)
    {
        N += other.N;
        Sum += other.Sum;
        SumOfSquares += other.SumOfSquares;
        Promoters += other.Promoters;
        Detractors += other.Detractors;
        Satisfied += other.Satisfied;
    }

    public Estimate Estimate() => Type switch
    {
        ScoreType.Nps => Statistics.Estimate.Nps(Promoters, Detractors, N),
        ScoreType.Csat => Statistics.Estimate.Proportion(Satisfied, N),
        _ => Statistics.Estimate.Mean(Sum, SumOfSquares, N),
    };

    public ScoreFigure Figure(int minAnswers)
    {
        var e = Estimate();
        return new ScoreFigure(Type, N, e.Value, e.Low, e.High, N < minAnswers);
    }

    /// <summary>This set minus another (the rest of the answers when this is all of them).</summary>
    public ScoreAccumulator Minus(ScoreAccumulator part) => new(Type)
    {
        N = N - part.N,
        Sum = Sum - part.Sum,
        SumOfSquares = SumOfSquares - part.SumOfSquares,
        Promoters = Promoters - part.Promoters,
        Detractors = Detractors - part.Detractors,
        Satisfied = Satisfied - part.Satisfied,
    };

    /// <summary>B − A for this score type: the NPS difference z-test, the two-proportion z-test, or Welch's z on the means.</summary>
    public static Difference Compare(ScoreAccumulator a, ScoreAccumulator b) => a.Type == ScoreType.Csat
        ? Significance.Proportions(a.Satisfied, a.N, b.Satisfied, b.N)
        : Significance.Independent(a.Estimate(), b.Estimate());

    /// <summary>Whether a positive difference is an improvement: more effort (CES) is worse.</summary>
    public static bool HigherIsBetter(ScoreType type) => type != ScoreType.Ces;
}
