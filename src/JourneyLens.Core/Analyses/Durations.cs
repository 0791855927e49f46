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
        Int128 milliseconds = 0; // no sum of real durations overflows it
        var whole = true;
        foreach (var s in seconds)
        {
            sum += s;
            min = Math.Min(min, s);
            max = Math.Max(max, s);
            var ms = Math.Round(s * 1000);
            whole &= ms / 1000.0 == s && Math.Abs(ms) < 1e15;
            milliseconds += whole ? (long)ms : 0;
        }

        // Durations between timestamps are whole milliseconds: their sum is then exact and the mean does not depend on
        // the order the values arrive in, so a backend that gathers them in another order (a cluster) agrees to the last digit.
        var mean = whole ? (double)milliseconds / 1000.0 / seconds.Length : sum / seconds.Length;

        // R7 is numpy's default (and pm4py's): linear interpolation between the two nearest ranks.
        var median = ArrayStatistics.QuantileCustomInplace(seconds, 0.5, QuantileDefinition.R7);
        var p90 = ArrayStatistics.QuantileCustomInplace(seconds, 0.9, QuantileDefinition.R7);
        return new DurationStats(mean, median, min, max, p90);
    }
}
