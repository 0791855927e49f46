using MathNet.Numerics.Statistics;

namespace JourneyLens.Core.Analyses;

/// <summary>Summary of durations in seconds. Median and p90 interpolate linearly between ranks (as numpy and pm4py do).</summary>
public sealed record DurationStats(double Mean, double Median, double Min, double Max, double P90)
{
    /// <summary>Summarises <paramref name="seconds"/> without sorting them: median and p90 by selection, which reorders the array.</summary>
    public static DurationStats Of(double[] seconds)
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

        // R7 is numpy's default (and pm4py's): linear interpolation between the two nearest ranks.
        var median = ArrayStatistics.QuantileCustomInplace(seconds, 0.5, QuantileDefinition.R7);
        var p90 = ArrayStatistics.QuantileCustomInplace(seconds, 0.9, QuantileDefinition.R7);
        return new DurationStats(sum / seconds.Length, median, min, max, p90);
    }
}
