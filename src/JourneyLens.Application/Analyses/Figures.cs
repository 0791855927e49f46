using System.Globalization;
using JourneyLens.Core.Analyses;
using JourneyLens.Core.Events;
using JourneyLens.Rendering.Tables;

namespace JourneyLens.Application.Analyses;

/// <summary>How the experience analyses' figures read in their tables.</summary>
internal static class Figures
{
    public static string Points(Core.Statistics.Difference d) => double.IsNaN(d.Delta) ? "" : (d.Delta * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " pt";

    public static string Signed(double seconds) => double.IsNaN(seconds) ? "" : (seconds < 0 ? "-" : "+") + DurationText.Format(Math.Abs(seconds));

    public static string Name(ScoreType type) => type.ToString().ToUpperInvariant();

    public static string Rate(Core.Statistics.Estimate e) => $"{Show.Percent(e.Value)} [{Show.Percent(e.Low)}, {Show.Percent(e.High)}]";

    public static string P(double p) => double.IsNaN(p) ? "" : p < 0.0001 ? "<0.0001" : p.ToString("0.0000", CultureInfo.InvariantCulture);

    public static string Seconds(double s) => s.ToString("0.###", CultureInfo.InvariantCulture);
}
