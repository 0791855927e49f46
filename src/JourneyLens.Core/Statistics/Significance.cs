using MathNet.Numerics.Distributions;

namespace JourneyLens.Core.Statistics;

/// <summary>A difference B − A with its 95 % interval and two-sided p-value.</summary>
public sealed record Difference(double Delta, double Low, double High, double P);

/// <summary>The tests of docs/experience.md ("Comparison"): two-proportion z-test, z-test on an NPS difference, Welch for means, Mann–Whitney for durations.</summary>
public static class Significance
{
    /// <summary>The significance level of every verdict and low point.</summary>
    public const double Alpha = 0.05;

    /// <summary>Difference of two shares; the p-value from the pooled z-test, the interval from the unpooled standard error.</summary>
    public static Difference Proportions(long hitsA, long nA, long hitsB, long nB)
    {
        if (nA == 0 || nB == 0)
        {
            return new Difference(double.NaN, double.NaN, double.NaN, double.NaN);
        }

        double pA = (double)hitsA / nA, pB = (double)hitsB / nB, pooled = (double)(hitsA + hitsB) / (nA + nB);
        var sePooled = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / nA) + (1.0 / nB)));
        var se = Math.Sqrt((pA * (1 - pA) / nA) + (pB * (1 - pB) / nB));
        var p = sePooled == 0 ? (pA == pB ? 1 : 0) : TwoSided((pB - pA) / sePooled);
        return new Difference(pB - pA, pB - pA - (Estimate.Z95 * se), pB - pA + (Estimate.Z95 * se), p);
    }

    /// <summary>
    /// Difference of two independent estimates whose intervals are normal: the standard errors come from their
    /// half-widths. For NPS this is the z-test on the difference, z = ΔNPS / sqrt(Var_A + Var_B).
    /// </summary>
    public static Difference Independent(Estimate a, Estimate b)
    {
        if (a.N == 0 || b.N == 0 || double.IsInfinity(a.Low) || double.IsInfinity(b.Low))
        {
            return new Difference(double.NaN, double.NaN, double.NaN, double.NaN);
        }

        double seA = (a.High - a.Value) / Estimate.Z95, seB = (b.High - b.Value) / Estimate.Z95;
        var se = Math.Sqrt((seA * seA) + (seB * seB));
        var delta = b.Value - a.Value;
        var p = se == 0 ? (delta == 0 ? 1 : 0) : TwoSided(delta / se);
        return new Difference(delta, delta - (Estimate.Z95 * se), delta + (Estimate.Z95 * se), p);
    }

    /// <summary>
    /// Durations: the p-value from the Mann–Whitney U test (normal approximation, tie-corrected); the delta is the
    /// difference of the medians, its interval combines each median's distribution-free order-statistic interval
    /// (ranks n/2 ± 1.96·√n/2) as independent normal errors.
    /// </summary>
    public static Difference MannWhitney(double[] a, double[] b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return new Difference(double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var all = a.Select(v => (Value: v, FromA: true)).Concat(b.Select(v => (Value: v, FromA: false))).OrderBy(x => x.Value).ToArray();
        double rankSumA = 0, tieTerm = 0;
        for (var i = 0; i < all.Length;)
        {
            var j = i;
            while (j < all.Length && all[j].Value == all[i].Value)
            {
                j++;
            }

            var rank = (i + j + 1) / 2.0; // ranks i+1..j, averaged
            for (var k = i; k < j; k++)
            {
                rankSumA += all[k].FromA ? rank : 0;
            }

            double t = j - i;
            tieTerm += (t * t * t) - t;
            i = j;
        }

        double nA = a.Length, nB = b.Length, n = nA + nB;
        var u = rankSumA - (nA * (nA + 1) / 2);
        var mean = nA * nB / 2;
        var variance = nA * nB / 12 * ((n + 1) - (tieTerm / (n * (n - 1))));
        var p = variance <= 0 ? 1 : TwoSided((u - mean) / Math.Sqrt(variance));
        var (medianA, medianB) = (MedianInterval(a), MedianInterval(b));
        return Independent(medianA, medianB) with { P = p };
    }

    /// <summary>The median with its order-statistic 95 % interval.</summary>
    public static Estimate MedianInterval(double[] values)
    {
        var sorted = values.Order().ToArray();
        var n = sorted.Length;
        var m = n / 2;
        var median = n % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
        var half = Estimate.Z95 * Math.Sqrt(n) / 2;
        var low = sorted[Math.Clamp((int)Math.Floor((n / 2.0) - half), 0, n - 1)];
        var high = sorted[Math.Clamp((int)Math.Ceiling((n / 2.0) + half) - 1, 0, n - 1)];
        var se = Math.Max(high - median, median - low);
        return n < 2 ? new Estimate(median, double.NegativeInfinity, double.PositiveInfinity, n) : new Estimate(median, median - se, median + se, n);
    }

    public static double TwoSided(double z) => 2 * (1 - Normal.CDF(0, 1, Math.Abs(z)));
}
