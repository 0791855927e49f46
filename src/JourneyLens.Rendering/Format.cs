using System.Globalization;
using JourneyLens.Core.Analyses;
using JourneyLens.Core.Events;
using JourneyLens.Core.Experience;

namespace JourneyLens.Rendering;

/// <summary>How figures read in tables, pictures and pages: one place, so the CLI, the maps and the report agree.</summary>
public static class Format
{
    /// <summary>A score as people read it: NPS in signed points, CSAT as a percentage, CES to two decimals.</summary>
    public static string ScoreValue(ScoreType type, double v) => type switch
    {
        ScoreType.Nps => v.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture),
        ScoreType.Csat => v.ToString("0.0%", CultureInfo.InvariantCulture),
        _ => v.ToString("0.00", CultureInfo.InvariantCulture),
    };

    /// <summary>A value of a metric in its own terms: a score as a score, a share in percent, a duration as a duration; empty when unknown.</summary>
    public static string Metric(MetricValue metric, double v) => double.IsNaN(v) ? "" : metric.Kind switch
    {
        MetricKind.Score => ScoreValue(metric.ScoreType, v),
        MetricKind.Proportion => v.ToString("0.0%", CultureInfo.InvariantCulture),
        _ => DurationText.Format(v),
    };
}
