using JourneyLens.Core.Analyses;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;

namespace JourneyLens.Core.Experience;

/// <summary>The scores of the journeys that followed one path variant.</summary>
public sealed record VariantScores(IReadOnlyList<string> Path, long Journeys, IReadOnlyList<ScoreFigure> Scores);

/// <summary>
/// Scores per path variant (docs/experience.md): each journey's path is its non-answer touchpoints with consecutive repeats
/// collapsed; the <c>top</c> most common paths get their own row, all other journeys are <see cref="Other"/>. Every
/// answer in a journey counts for that journey's path.
/// </summary>
public static class VariantScoring
{
    public const string Other = "(other paths)";

    public static IReadOnlyList<VariantScores> Compute(JourneyEngine engine, int top, int minAnswers = Scores.DefaultMinAnswers)
    {
        var (ev, js) = (engine.Events, engine.Journeys);
        var variants = new Dictionary<int[], (long Journeys, Dictionary<ScoreType, ScoreAccumulator> Answers)>(SequenceComparer.Instance);
        for (var j = 0; j < js.Count; j++)
        {
            var path = new List<int>();
            for (var i = js.JourneyStart[j]; i < js.JourneyStart[j + 1]; i++)
            {
                if (ev.ScoreType[i] == ScoreType.None && (path.Count == 0 || path[^1] != ev.Touchpoint[i]))
                {
                    path.Add(ev.Touchpoint[i]);
                }
            }

            var key = path.ToArray();
            var (journeys, answers) = variants.TryGetValue(key, out var v) ? v : (0, new Dictionary<ScoreType, ScoreAccumulator>());
            for (var i = js.JourneyStart[j]; i < js.JourneyStart[j + 1]; i++)
            {
                if (ev.ScoreType[i] != ScoreType.None)
                {
                    (answers.TryGetValue(ev.ScoreType[i], out var acc) ? acc : answers[ev.ScoreType[i]] = new ScoreAccumulator(ev.ScoreType[i])).Add(ev.Score[i]);
                }
            }

            variants[key] = (journeys + 1, answers);
        }

        return Finish(variants.Select(v => ((IReadOnlyList<string>)[.. v.Key.Select(t => ev.TouchpointNames[t])], v.Value.Journeys, (IReadOnlyDictionary<ScoreType, ScoreAccumulator>)v.Value.Answers)), top, minAnswers);
    }

    /// <summary>
    /// The rows from each path's journeys and answers: the <paramref name="top"/> most common paths (ties by their
    /// names) each a row, all others together as <see cref="Other"/>; each row's scores by type.
    /// </summary>
    public static IReadOnlyList<VariantScores> Finish(IEnumerable<(IReadOnlyList<string> Path, long Journeys, IReadOnlyDictionary<ScoreType, ScoreAccumulator> Answers)> variants, int top, int minAnswers)
    {
        var ranked = variants.OrderByDescending(v => v.Journeys).ThenBy(v => string.Join('\u001f', v.Path), StringComparer.Ordinal).ToList();
        var kept = Math.Min(Math.Max(0, top), ranked.Count);
        var (otherJourneys, otherAnswers) = (0L, new Dictionary<ScoreType, ScoreAccumulator>());
        foreach (var (_, journeys, answers) in ranked.Skip(kept))
        {
            otherJourneys += journeys;
            foreach (var (type, acc) in answers)
            {
                (otherAnswers.TryGetValue(type, out var all) ? all : otherAnswers[type] = new ScoreAccumulator(type)).Add(acc);
            }
        }

        return [.. ranked.Take(kept).Append(([Other], otherJourneys, otherAnswers)).Where(v => v.Journeys > 0)
            .Select(v => new VariantScores(v.Path, v.Journeys, [.. v.Answers.OrderBy(s => s.Key).Select(s => s.Value.Figure(minAnswers))]))];
    }
}
