using JourneyLens.Core.Events;
using JourneyLens.Core.Statistics;

namespace JourneyLens.Core.Experience;

/// <summary>One metric compared between A (baseline) and B (current).</summary>
public sealed record MetricComparison(string Metric, MetricValue A, MetricValue B, Difference Difference, string Verdict);

public static class Verdicts
{
    /// <summary>A plain-language verdict: too little data, no significant difference, or which way it moved (better/worse for scores).</summary>
    public static MetricComparison Compare(MetricValue a, MetricValue b, int minN)
    {
        var d = Metric.Compare(a, b);
        string verdict;
        if (a.N < minN || b.N < minN || double.IsNaN(d.P))
        {
            verdict = $"not enough data (n = {a.N} and {b.N}; at least {minN} each)";
        }
        else if (d.P >= Significance.Alpha)
        {
            verdict = "no significant difference";
        }
        else
        {
            var up = d.Delta > 0;
            verdict = a.Kind == MetricKind.Score
                ? (up == ScoreAccumulator.HigherIsBetter(a.ScoreType) ? "better (significant)" : "worse (significant)")
                : up ? "higher (significant)" : "lower (significant)";
        }

        return new MetricComparison(a.Metric, a, b, d, verdict);
    }
}
