using System.Globalization;
using System.Xml.Linq;
using JourneyLens.Core.Analyses;

namespace JourneyLens.Rendering;

/// <summary>A funnel as horizontal bars: one per step, its width the share of the first step, with count and conversion.</summary>
public static class FunnelChart
{
    private const double Width = 760, BarLeft = 220, BarWidth = 420, Row = 44;

    public static string Render(FunnelResult funnel)
    {
        var first = Math.Max(1, funnel.Steps.Count == 0 ? 1 : funnel.Steps[0].Count);
        var content = new List<XElement>();
        for (var s = 0; s < funnel.Steps.Count; s++)
        {
            var step = funnel.Steps[s];
            var y = 20 + (s * Row);
            var width = BarWidth * step.Count / first;
            content.Add(Svg.Text(BarLeft - 10, y + 22, step.Name, "end"));
            content.Add(Svg.Rect(BarLeft, y + 6, BarWidth, 26, "#eeeeee"));
            content.Add(Svg.Rect(BarLeft, y + 6, width, 26, Svg.Colour(0),
                string.Create(CultureInfo.InvariantCulture, $"{step.Name}: {step.Count:N0} ({step.ConversionFromFirst:P1} of the first step, {step.ConversionFromPrevious:P1} of the previous)")));
            content.Add(Svg.Text(BarLeft + BarWidth + 10, y + 22, string.Create(CultureInfo.InvariantCulture, $"{step.Count:N0} · {step.ConversionFromFirst:P1}")));
        }

        var height = 40 + (funnel.Steps.Count * Row);
        // "fits": pages scale it to a phone's width rather than scroll it, so every bar is seen against the first.
        return Svg.Write(Svg.With(Svg.Document(Width, height, $"Funnel ({funnel.Order.ToString().ToLowerInvariant()}, {funnel.CountBy.ToString().ToLowerInvariant()})", content.ToArray()), new XAttribute("class", "fits")));
    }
}
