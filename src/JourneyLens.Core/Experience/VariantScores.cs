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
        var pathOf = new int[js.Count][];
        var counts = new Dictionary<int[], long>(SequenceComparer.Instance);
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

            pathOf[j] = [.. path];
            counts[pathOf[j]] = counts.GetValueOrDefault(pathOf[j]) + 1;
        }

        var kept = counts.OrderByDescending(c => c.Value).ThenBy(c => string.Join('\u001f', c.Key.Select(t => ev.TouchpointNames[t])), StringComparer.Ordinal)
            .Take(Math.Max(0, top)).Select((c, rank) => (c.Key, rank)).ToDictionary(c => c.Key, c => c.rank, SequenceComparer.Instance);
        var rows = Enumerable.Range(0, kept.Count + 1).Select(_ => new Dictionary<ScoreType, ScoreAccumulator>()).ToArray();
        var journeys = new long[kept.Count + 1];
        for (var j = 0; j < js.Count; j++)
        {
            var row = kept.TryGetValue(pathOf[j], out var rank) ? rank : kept.Count;
            journeys[row]++;
            for (var i = js.JourneyStart[j]; i < js.JourneyStart[j + 1]; i++)
            {
                if (ev.ScoreType[i] != ScoreType.None)
                {
                    (rows[row].TryGetValue(ev.ScoreType[i], out var acc) ? acc : rows[row][ev.ScoreType[i]] = new ScoreAccumulator(ev.ScoreType[i])).Add(ev.Score[i]);
                }
            }
        }

        var names = kept.OrderBy(k => k.Value).Select(k => (IReadOnlyList<string>)k.Key.Select(t => ev.TouchpointNames[t]).ToArray()).Append([Other]).ToList();
        return [.. Enumerable.Range(0, kept.Count + 1).Where(r => journeys[r] > 0)
            .Select(r => new VariantScores(names[r], journeys[r], [.. rows[r].OrderBy(s => s.Key).Select(s => s.Value.Figure(minAnswers))]))];
    }
}
