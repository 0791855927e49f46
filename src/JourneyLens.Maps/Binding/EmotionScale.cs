using JourneyLens.Core.Events;
using JourneyLens.Core.Experience;

namespace JourneyLens.Maps.Binding;

/// <summary>A data-derived emotion on the map's −2 … +2 scale, with the answers behind it.</summary>
public sealed record MeasuredEmotion(double Value, double Low, double High, long Answers);

/// <summary>
/// From scores to the map's emotion scale (docs/maps.md, "Binding"), linear and clamped to −2 … +2 so that a neutral score
/// lands on 0: NPS −100 … +100 → −2 … +2 (NPS / 50); CSAT 0 … 100 % satisfied → −2 … +2 (50 % is neutral); CES 7 … 1
/// (most to least effort) → −2 … +2 (4 is neutral). Several score types at one step: their answer-weighted mean; the
/// interval is the answer-weighted mean of the mapped interval bounds, wider than an exact one (on the safe side).
/// Scores with too few answers do not count.
/// </summary>
public static class EmotionScale
{
    public static double FromScore(ScoreType type, double value) => Math.Clamp(type switch
    {
        ScoreType.Nps => value / 50,
        ScoreType.Csat => (value - 0.5) * 4,
        _ => (4 - value) * 2 / 3,
    }, -2, 2);

    public static MeasuredEmotion? From(IEnumerable<ScoreFigure> scores)
    {
        var usable = scores.Where(s => !s.TooFew && s.Answers > 0 && !double.IsNaN(s.Value)).ToList();
        if (usable.Count == 0)
        {
            return null;
        }

        double n = usable.Sum(s => s.Answers);
        double Weighted(Func<ScoreFigure, double> f) => usable.Sum(s => f(s) * s.Answers) / n;

        // CES runs the other way (more effort is worse), so its interval bounds swap on the scale.
        return new MeasuredEmotion(
            Weighted(s => FromScore(s.Type, s.Value)),
            Weighted(s => Math.Min(FromScore(s.Type, s.Low), FromScore(s.Type, s.High))),
            Weighted(s => Math.Max(FromScore(s.Type, s.Low), FromScore(s.Type, s.High))),
            (long)n);
    }
}
