using JourneyLens.Core.Analyses;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;
using JourneyLens.Core.Statistics;
using JourneyLens.Core.Errors;

namespace JourneyLens.Core.Experience;

public enum MetricKind
{
    /// <summary>A share: hits out of n (two-proportion z-test).</summary>
    Proportion,

    /// <summary>NPS, CSAT or CES answers (NPS z-test, proportions, Welch).</summary>
    Score,

    /// <summary>A sample of durations in seconds (Mann–Whitney).</summary>
    Durations,
}

/// <summary>A measured metric: enough to compare it later with another measurement of the same metric.</summary>
public sealed record MetricValue(string Metric, MetricKind Kind, long N, double Value, double Low, double High)
{
    public long Hits { get; init; }
    public ScoreType ScoreType { get; init; }
    public long Promoters { get; init; }
    public long Detractors { get; init; }
    public long Satisfied { get; init; }
    public double Sum { get; init; }
    public double SumOfSquares { get; init; }
    public double[]? Sample { get; init; }

    internal ScoreAccumulator Accumulator() => ScoreAccumulator.From(ScoreType, N, Promoters, Detractors, Satisfied, Sum, SumOfSquares);
}

/// <summary>
/// The metrics a comparison or measurement can hold (docs/experience.md): <c>nps</c>, <c>csat</c>, <c>ces</c>
/// (optionally <c>@SUBJECT</c>), <c>failed-self-service@TOUCHPOINT</c>, <c>repeat-contact@TOUCHPOINT</c>,
/// <c>conversion@A&gt;B</c> (journeys with A that reach B at or after it; A and B may list touchpoints with |),
/// <c>reach@TOUCHPOINT</c> (share of journeys) and <c>journey-duration</c>.
/// </summary>
public static class Metric
{
    public const int MaxSample = 200_000;

    public static MetricValue Measure(JourneyEngine engine, string metric, ChannelClasses? channels = null) =>
        Measure(new EngineMetricSource(engine), metric, channels);

    /// <summary>A metric from the figures of any backend: the parsing, checks and arithmetic are shared, so backends agree.</summary>
    public static MetricValue Measure(IMetricSource source, string metric, ChannelClasses? channels = null)
    {
        var at = metric.IndexOf('@');
        var (name, argument) = at < 0 ? (metric.Trim(), "") : (metric[..at].Trim(), metric[(at + 1)..].Trim());
        return name.ToLowerInvariant() switch
        {
            "nps" => Score(source, metric, ScoreType.Nps, argument),
            "csat" => Score(source, metric, ScoreType.Csat, argument),
            "ces" => Score(source, metric, ScoreType.Ces, argument),
            "failed-self-service" => FromSwitching(source, metric, Required(metric, argument), channels ?? ChannelClasses.Default, failed: true),
            "repeat-contact" => FromSwitching(source, metric, Required(metric, argument), channels ?? ChannelClasses.Default, failed: false),
            "conversion" => Conversion(source, metric, Required(metric, argument)),
            "reach" => Conversion(source, metric, ">" + Required(metric, argument)),
            "journey-duration" => Durations(source.JourneyDurations(), metric),
            _ => throw new AnalysisException($"metric '{metric}': expected nps, csat, ces, failed-self-service@T, repeat-contact@T, conversion@A>B, reach@T or journey-duration"),
        };
    }

    /// <summary>B − A for two values of one metric, with the test its kind calls for.</summary>
    public static Difference Compare(MetricValue a, MetricValue b) => a.Kind switch
    {
        MetricKind.Proportion => Significance.Proportions(a.Hits, a.N, b.Hits, b.N),
        MetricKind.Score => ScoreAccumulator.Compare(a.Accumulator(), b.Accumulator()),
        _ => Significance.MannWhitney(a.Sample ?? [], b.Sample ?? []),
    };

    private static string Required(string metric, string argument) =>
        argument.Length > 0 ? argument : throw new AnalysisException($"metric '{metric}' needs @TOUCHPOINT");

    private static MetricValue Score(IMetricSource source, string metric, ScoreType type, string subject)
    {
        var acc = source.Answers(type, subject.Length == 0 ? null : Code(source.TouchpointNames, subject, metric));
        var e = acc.Estimate();
        return new MetricValue(metric, MetricKind.Score, acc.N, e.Value, e.Low, e.High)
        {
            ScoreType = type,
            Promoters = acc.Promoters,
            Detractors = acc.Detractors,
            Satisfied = acc.Satisfied,
            Sum = acc.Sum,
            SumOfSquares = acc.SumOfSquares,
        };
    }

    private static MetricValue FromSwitching(IMetricSource source, string metric, string touchpoint, ChannelClasses channels, bool failed)
    {
        Code(source.TouchpointNames, touchpoint, metric);
        var result = source.Switching(new SwitchingRequest(SwitchingRequest.DefaultWindow, SwitchingRequest.DefaultRepeatWindow, channels));
        var (hits, n) = failed
            ? result.FailedSelfService.Where(f => f.Touchpoint == touchpoint).Select(f => (f.FollowedByContact, f.Attempts)).FirstOrDefault()
            : result.RepeatContact.Where(r => r.Touchpoint == touchpoint).Select(r => (r.Repeated, r.Contacts)).FirstOrDefault();
        return Proportion(metric, hits, n);
    }

    private static MetricValue Conversion(IMetricSource source, string metric, string argument)
    {
        var parts = argument.Split('>', 2);
        if (parts.Length != 2)
        {
            throw new AnalysisException($"metric '{metric}': expected conversion@A>B");
        }

        var names = source.TouchpointNames;
        var from = parts[0].Length == 0 ? null : Codes(names, parts[0], metric);
        var to = Codes(names, parts[1], metric);
        var (hits, n) = source.Conversion(from, to);
        return Proportion(metric, hits, n);
    }

    /// <param name="all">Each journey's duration in seconds, in any order (sorted here).</param>
    private static MetricValue Durations(double[] all, string metric)
    {
        // Measurements are stored: beyond MaxSample journeys keep an evenly spaced subsample of the sorted durations.
        Array.Sort(all);
        var sample = all.Length <= MaxSample ? all : Enumerable.Range(0, MaxSample).Select(k => all[(int)((long)k * all.Length / MaxSample)]).ToArray();
        var median = Significance.MedianInterval(sample.Length == 0 ? [double.NaN] : sample);
        return new MetricValue(metric, MetricKind.Durations, all.Length, median.Value, median.Low, median.High) { Sample = sample };
    }

    private static MetricValue Proportion(string metric, long hits, long n)
    {
        var e = Estimate.Proportion(hits, n);
        return new MetricValue(metric, MetricKind.Proportion, n, e.Value, e.Low, e.High) { Hits = hits };
    }

    private static HashSet<int> Codes(string[] names, string list, string metric) =>
        TouchpointLookup.Codes(names, list.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), $"metric '{metric}'");

    private static int Code(string[] names, string touchpoint, string metric) => TouchpointLookup.Code(names, touchpoint, $"metric '{metric}'");
}
