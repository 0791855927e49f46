using System.Globalization;
using System.Xml.Linq;
using JourneyLens.Core.Events;
using JourneyLens.Core.Experience;

namespace JourneyLens.Rendering;

/// <summary>
/// A score along the journey: one point per subject (touchpoint, channel or phase) in journey order, with its 95 %
/// interval as a bar, joined by a line; the journey's overall score as a dashed reference. Subjects with too few
/// answers are drawn hollow and labelled, never as a plain point.
/// </summary>
public static class ScoreLineChart
{
    private const double Step = 130, Left = 60, Top = 40, Height = 260, Bottom = 90;

    public static string Render(ScoresResult result, ScoreType type = ScoreType.Nps)
    {
        var points = result.Subjects.Where(s => s.Scores.Any(f => f.Type == type)).OrderBy(s => s.Position)
            .Select(s => (s.Subject, Figure: s.Scores.First(f => f.Type == type))).ToList();
        var overall = result.Journey.FirstOrDefault(f => f.Type == type);
        var (min, max) = type switch { ScoreType.Nps => (-100.0, 100.0), ScoreType.Csat => (0.0, 1.0), _ => (1.0, 7.0) };
        double Y(double v) => Top + ((max - Math.Clamp(v, min, max)) / (max - min) * Height);
        double X(int i) => Left + 40 + (i * Step);
        var width = Math.Max(360, X(Math.Max(1, points.Count)) + 20);
        var content = new List<XElement>();
        foreach (var tick in Enumerable.Range(0, 5).Select(k => min + ((max - min) * k / 4)))
        {
            content.Add(Line(Left, Y(tick), width - 10, Y(tick), "#e3e3e3"));
            content.Add(Svg.Text(Left - 6, Y(tick) + 4, Label(type, tick), "end"));
        }

        if (overall is not null && overall.Answers > 0)
        {
            content.Add(Svg.With(Line(Left, Y(overall.Value), width - 10, Y(overall.Value), "#888888"), new XAttribute("stroke-dasharray", "6 4"), new XAttribute("class", "overall")));
            content.Add(Svg.Text(width - 12, Y(overall.Value) - 6, $"journey {Label(type, overall.Value)}", "end"));
        }

        var line = string.Join(" ", points.Select((p, i) => $"{Svg.Number(X(i))},{Svg.Number(Y(p.Figure.Value))}"));
        content.Add(new XElement(Svg.Ns + "polyline", new XAttribute("points", line), new XAttribute("fill", "none"), new XAttribute("stroke", "#4e79a7"), new XAttribute("stroke-width", "2")));
        for (var i = 0; i < points.Count; i++)
        {
            var (subject, f) = points[i];
            content.Add(Line(X(i), Y(f.Low), X(i), Y(f.High), "#4e79a7"));
            content.Add(new XElement(Svg.Ns + "circle",
                new XAttribute("class", f.TooFew ? "point too-few" : "point"),
                new XAttribute("cx", Svg.Number(X(i))), new XAttribute("cy", Svg.Number(Y(f.Value))), new XAttribute("r", "5"),
                new XAttribute("fill", f.TooFew ? "#ffffff" : "#4e79a7"), new XAttribute("stroke", "#4e79a7"),
                new XElement(Svg.Ns + "title", string.Create(CultureInfo.InvariantCulture, $"{subject}: {Label(type, f.Value)} [{Label(type, f.Low)}, {Label(type, f.High)}], {f.Answers:N0} answers"))));
            content.Add(Svg.Text(X(i), Y(f.Value) - 10, f.TooFew ? $"too few (n={f.Answers})" : Label(type, f.Value), "middle"));
            content.Add(Svg.With(Svg.Text(X(i), Top + Height + 20, subject, "end"), new XAttribute("transform", $"rotate(-30 {Svg.Number(X(i))} {Svg.Number(Top + Height + 20)})")));
        }

        return Svg.Write(Svg.With(Svg.Document(width, Top + Height + Bottom, $"{type.ToString().ToUpperInvariant()} along the journey", [.. content]), new XAttribute("class", "fits")));
    }

    private static XElement Line(double x1, double y1, double x2, double y2, string stroke) =>
        new(Svg.Ns + "line", new XAttribute("x1", Svg.Number(x1)), new XAttribute("y1", Svg.Number(y1)), new XAttribute("x2", Svg.Number(x2)), new XAttribute("y2", Svg.Number(y2)), new XAttribute("stroke", stroke));

    private static string Label(ScoreType type, double v) => type switch
    {
        ScoreType.Nps => v.ToString("+0;-0;0", CultureInfo.InvariantCulture),
        ScoreType.Csat => v.ToString("0%", CultureInfo.InvariantCulture),
        _ => v.ToString("0.0", CultureInfo.InvariantCulture),
    };
}
