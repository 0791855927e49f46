using MathNet.Numerics.Distributions;

namespace JourneyLens.Core.Statistics;

/// <summary>A figure with its 95 % interval and the number of observations behind it.</summary>
public sealed record Estimate(double Value, double Low, double High, long N)
{
    public const double Z95 = 1.959963984540054;

    /// <summary>NPS (−100…100) from promoters and detractors among n answers: %P − %D ± 1.96·sqrt((pP + pD − (pP − pD)²)/n)·100.</summary>
    public static Estimate Nps(long promoters, long detractors, long n)
    {
        if (n == 0)
        {
            return new Estimate(double.NaN, double.NaN, double.NaN, 0);
        }

        double pP = (double)promoters / n, pD = (double)detractors / n, d = pP - pD;
        var half = Z95 * Math.Sqrt(Math.Max(0, pP + pD - (d * d)) / n) * 100;
        return new Estimate(d * 100, (d * 100) - half, (d * 100) + half, n);
    }

    /// <summary>
    /// A share with the Wilson score interval (center (p + z²/2n)/(1 + z²/n), half-width z/(1 + z²/n)·sqrt(p(1 − p)/n +
    /// z²/4n²)): unlike p ± z·sqrt(p(1 − p)/n) it does not collapse to a point at 0 % or 100 % — 0 of 17 is
    /// [0 %, 18.4 %], not [0 %, 0 %] — and it stays inside [0, 1].
    /// </summary>
    public static Estimate Proportion(long hits, long n)
    {
        if (n == 0)
        {
            return new Estimate(double.NaN, double.NaN, double.NaN, 0);
        }

        var p = (double)hits / n;
        var z2 = Z95 * Z95;
        var scale = 1 + (z2 / n);
        var center = (p + (z2 / (2.0 * n))) / scale;
        var half = Z95 / scale * Math.Sqrt((p * (1 - p) / n) + (z2 / (4.0 * n * n)));
        return new Estimate(p, Math.Max(0, center - half), Math.Min(1, center + half), n);
    }

    /// <summary>A mean with the t interval (normal for large n).</summary>
    public static Estimate Mean(double sum, double sumOfSquares, long n)
    {
        if (n == 0)
        {
            return new Estimate(double.NaN, double.NaN, double.NaN, 0);
        }

        var mean = sum / n;
        if (n == 1)
        {
            return new Estimate(mean, double.NegativeInfinity, double.PositiveInfinity, 1);
        }

        var variance = Math.Max(0, (sumOfSquares - (n * mean * mean)) / (n - 1));
        var half = StudentT.InvCDF(0, 1, n - 1, 0.975) * Math.Sqrt(variance / n);
        return new Estimate(mean, mean - half, mean + half, n);
    }
}
