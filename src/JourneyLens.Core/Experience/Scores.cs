using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;

namespace JourneyLens.Core.Experience;

/// <param name="Position">The subject's place in the node order (a lens's phase order; touchpoints in order of first appearance).</param>
public sealed record SubjectScores(string Subject, int Position, IReadOnlyList<ScoreFigure> Scores);

/// <param name="Journey">Every answer of the scope, per score type: the journey-level score.</param>
public sealed record ScoresResult(int MinAnswers, IReadOnlyList<ScoreFigure> Journey, IReadOnlyList<SubjectScores> Subjects)
{
    /// <summary>Scores per path variant, when asked for.</summary>
    public IReadOnlyList<VariantScores>? Variants { get; init; }
}

/// <summary>NPS, CSAT and CES overall and per subject (touchpoint, or channel or phase when the nodes are regrouped).</summary>
public static class Scores
{
    public const int DefaultMinAnswers = 30;
    public const string NoSubjectName = "(no subject)";

    public static ScoresResult Compute(JourneyEngine engine, int minAnswers = DefaultMinAnswers)
    {
        var (overall, bySubject) = Accumulate(Answers.Collect(engine));
        return Finish(engine.Events.TouchpointNames, overall, bySubject, minAnswers);
    }

    /// <summary>
    /// The result from the answers added up, however that was done (the engine here, a cluster's SQL): subjects are
    /// codes into <paramref name="names"/> in node order, so every backend shares this arithmetic and order.
    /// </summary>
    public static ScoresResult Finish(string[] names, IReadOnlyDictionary<ScoreType, ScoreAccumulator> overall, IReadOnlyDictionary<(int Subject, ScoreType Type), ScoreAccumulator> bySubject, int minAnswers)
    {
        var subjects = bySubject
            .GroupBy(kv => kv.Key.Subject)
            .Select(g => new SubjectScores(SubjectName(names, g.Key), g.Key == Answers.NoSubject ? int.MaxValue : g.Key, g.OrderBy(kv => kv.Key.Type).Select(kv => kv.Value.Figure(minAnswers)).ToList()))
            .OrderByDescending(s => s.Scores.Sum(f => f.Answers))
            .ThenBy(s => s.Subject, StringComparer.Ordinal)
            .ToList();
        return new ScoresResult(minAnswers, overall.OrderBy(kv => kv.Key).Select(kv => kv.Value.Figure(minAnswers)).ToList(), subjects);
    }

    public static string SubjectName(string[] names, int subject) => subject == Answers.NoSubject ? NoSubjectName : names[subject];

    /// <summary>Answers added up per score type, and per (subject, score type).</summary>
    public static (SortedDictionary<ScoreType, ScoreAccumulator> Overall, Dictionary<(int Subject, ScoreType Type), ScoreAccumulator> BySubject) Accumulate(IEnumerable<Answer> answers)
    {
        var overall = new SortedDictionary<ScoreType, ScoreAccumulator>();
        var bySubject = new Dictionary<(int, ScoreType), ScoreAccumulator>();
        foreach (var a in answers)
        {
            if (!overall.TryGetValue(a.Type, out var all))
            {
                overall[a.Type] = all = new ScoreAccumulator(a.Type);
            }

            all.Add(a.Score);
            if (!bySubject.TryGetValue((a.Subject, a.Type), out var one))
            {
                bySubject[(a.Subject, a.Type)] = one = new ScoreAccumulator(a.Type);
            }

            one.Add(a.Score);
        }

        return (overall, bySubject);
    }
}
