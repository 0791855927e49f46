using MathNet.Numerics.Distributions;

namespace JourneyLens.Generation;

/// <summary>
/// Survey answers: a normal "experience" with a mean set by what the customer went through, rounded and clamped to
/// the scale. The expected NPS and CSAT of such an answer are computed exactly from the normal distribution, so the
/// truth file states what an infinite sample would show.
/// </summary>
public static class ScoreModel
{
    public const double NpsSpread = 2.0;
    public const double CsatSpread = 0.9;
    public const double CesSpread = 1.2;

    internal static int Draw(ref Rng rng, double mean, double spread, int min, int max) =>
        Math.Clamp((int)Math.Round(mean + spread * rng.Normal(), MidpointRounding.AwayFromZero), min, max);

    /// <summary>Probability that an answer drawn with this mean rounds to at least <paramref name="score"/>.</summary>
    private static double AtLeast(double mean, double spread, int score) => 1 - Normal.CDF(mean, spread, score - 0.5);

    private static double AtMost(double mean, double spread, int score) => Normal.CDF(mean, spread, score + 0.5);

    /// <summary>Expected NPS (%promoters − %detractors, in points) of answers with this mean.</summary>
    public static double ExpectedNps(double mean) => 100 * (AtLeast(mean, NpsSpread, 9) - AtMost(mean, NpsSpread, 6));

    /// <summary>Expected CSAT (share of 4–5 answers, in percent).</summary>
    public static double ExpectedCsat(double mean) => 100 * AtLeast(mean, CsatSpread, 4);
}
