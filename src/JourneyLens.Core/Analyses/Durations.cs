using MathNet.Numerics.Statistics;

namespace JourneyLens.Core.Analyses;

/// <summary>Summary of durations in seconds. Median and p90 interpolate linearly between ranks (as numpy and pm4py do).</summary>
public sealed record DurationStats(double Mean, double Median, double Min, double Max, double P90)
{
    /// <summary>Summarises <paramref name="seconds"/>, which it sorts in place.</summary>
    public static DurationStats Of(Span<double> seconds)
    {
        if (seconds.IsEmpty)
        {
            return new DurationStats(0, 0, 0, 0, 0);
        }

        seconds.Sort();
        var sum = 0.0;
        foreach (var s in seconds)
        {
            sum += s;
        }

        return new DurationStats(sum / seconds.Length, Percentile(seconds, 0.5), seconds[0], seconds[^1], Percentile(seconds, 0.9));
    }

    /// <summary>Summarises <paramref name="seconds"/> without sorting them: median and p90 by selection, which reorders the array.</summary>
    public static DurationStats OfUnsorted(double[] seconds)
    {
        if (seconds.Length == 0)
        {
            return new DurationStats(0, 0, 0, 0, 0);
        }

        double sum = 0, min = double.MaxValue, max = double.MinValue;
        foreach (var s in seconds)
        {
            sum += s;
            min = Math.Min(min, s);
            max = Math.Max(max, s);
        }

        // R7 is numpy's default: linear interpolation between the two nearest ranks, as Percentile below.
        var median = ArrayStatistics.QuantileCustomInplace(seconds, 0.5, QuantileDefinition.R7);
        var p90 = ArrayStatistics.QuantileCustomInplace(seconds, 0.9, QuantileDefinition.R7);
        return new DurationStats(sum / seconds.Length, median, min, max, p90);
    }

    /// <summary>The q-quantile of sorted values with linear interpolation between the two nearest ranks.</summary>
    public static double Percentile(ReadOnlySpan<double> sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}
