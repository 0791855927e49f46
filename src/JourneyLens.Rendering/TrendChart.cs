using System.Globalization;
using System.Xml.Linq;

namespace JourneyLens.Rendering;

/// <summary>One value per period: the figure and its 95 % interval, or nothing when the period has no data.</summary>
public readonly record struct TrendValue(double Value, double Low, double High, long N)
{
    public bool Known => N > 0 && !double.IsNaN(Value);
}

/// <summary>A line of the trend chart: a name, a value per period, and how its values are written.</summary>
public sealed record TrendLine(string Name, IReadOnlyList<TrendValue> Values, Func<double, string> Format)
{
    /// <summary>The values the figure can take (an NPS −100 to 100, a share 0 to 1): intervals are drawn inside it.</summary>
    public (double Min, double Max)? Range { get; init; }
}

/// <summary>
/// A trend as one picture: a panel per line (persons, then each metric) on a shared time axis, each value with its
/// 95 % interval as a shaded band, and the dated changes (a baseline measured, a map saved) as vertical lines through
/// every panel — Learn → Build → Measure seen at once. Panels have their own scale: an NPS and a count never share one.
/// </summary>
public static class TrendChart
{
    private const double Left = 78, Right = 24, Top = 34, PanelHeight = 120, PanelGap = 34, Bottom = 70, MinStep = 14;

    /// <param name="periods">Each period's first day (yyyy-MM-dd), in order.</param>
    /// <param name="end">The day after the last period (yyyy-MM-dd): markers from it on are outside the chart.</param>
    /// <param name="markers">Dated changes: the day and what happened.</param>
    public static string Render(string title, IReadOnlyList<string> periods, string end, IReadOnlyList<TrendLine> lines, IReadOnlyList<(string Date, string Label)> markers)
    {
        var step = Math.Max(MinStep, Math.Min(60, 900.0 / Math.Max(1, periods.Count)));
        var width = Left + (step * Math.Max(1, periods.Count)) + Right;
        var height = Top + (lines.Count * (PanelHeight + PanelGap)) + Bottom;
        double X(int i) => Left + (step * (i + 0.5));
        var content = new List<XElement>();

        for (var l = 0; l < lines.Count; l++)
        {
            content.Add(Panel(lines[l], Top + (l * (PanelHeight + PanelGap)), X, width, Svg.Colour(l)));
        }

        // The time axis under the last panel: every k-th period's day, slanted when dense.
        var axisY = Top + (lines.Count * (PanelHeight + PanelGap)) - PanelGap + 14;
        var every = (int)Math.Ceiling(70 / step);
        for (var i = 0; i < periods.Count; i += every)
        {
            content.Add(Svg.With(Svg.Text(X(i), axisY, periods[i], "end"), new XAttribute("transform", $"rotate(-35 {Svg.Number(X(i))} {Svg.Number(axisY)})"), new XAttribute("class", "period")));
        }

        // Markers: a dashed line at the period holding the day, through every panel, labelled at the top.
        foreach (var (date, label) in markers)
        {
            var at = LastAtOrBefore(periods, date);
            if (at < 0 || string.CompareOrdinal(date[..Math.Min(10, date.Length)], end) >= 0)
            {
                continue; // before the first period or after the last: the table lists it
            }

            var x = X(at);
            content.Add(new XElement(Svg.Ns + "line", new XAttribute("class", "marker"),
                new XAttribute("x1", Svg.Number(x)), new XAttribute("y1", Svg.Number(Top - 14)), new XAttribute("x2", Svg.Number(x)), new XAttribute("y2", Svg.Number(axisY - 12)),
                new XAttribute("stroke", "#555555"), new XAttribute("stroke-dasharray", "4 3"),
                new XElement(Svg.Ns + "title", $"{date}: {label}")));
            // Labelled on the side with room: to the right in the chart's left half, to the left in its right half.
            var left = x > width / 2;
            content.Add(Svg.With(Svg.Text(left ? x - 3 : x + 3, Top - 16, Short(label), left ? "end" : "start"), new XAttribute("font-size", "10"), new XAttribute("fill", "#333333")));
        }

        return Svg.Write(Svg.Document(width, height, title, [.. content]));
    }

    private static XElement Panel(TrendLine line, double top, Func<int, double> x, double width, string colour)
    {
        var known = line.Values.Select((v, i) => (v, i)).Where(p => p.v.Known).ToList();
        var (min, max) = known.Count == 0 ? (0.0, 1.0) : (known.Min(p => Math.Min(p.v.Low, p.v.Value)), known.Max(p => Math.Max(p.v.High, p.v.Value)));
        if (line.Range is { } range)
        {
            (min, max) = (Math.Max(min, range.Min), Math.Min(max, range.Max));
        }

        if (max - min < 1e-9)
        {
            (min, max) = (min - 1, max + 1);
        }

        double Y(double v) => top + ((max - Math.Clamp(v, min, max)) / (max - min) * PanelHeight);
        var panel = new XElement(Svg.Ns + "g", new XAttribute("class", "panel"), new XAttribute("data-line", line.Name),
            Svg.With(Svg.Text(Left - 70, top - 8, line.Name, weight: "bold"), new XAttribute("class", "panel-name")),
            Svg.With(Svg.Rect(Left, top, width - Left - Right, PanelHeight, "#ffffff"), new XAttribute("stroke", "#dddddd")));
        foreach (var tick in new[] { min, (min + max) / 2, max })
        {
            panel.Add(Svg.With(Svg.Text(Left - 6, Y(tick) + 4, line.Format(tick), "end"), new XAttribute("font-size", "10"), new XAttribute("fill", "#555555")));
        }

        // The interval as a band over each run of periods with data (a gap where a period has none).
        foreach (var run in Runs(known.Select(p => p.i).ToList()))
        {
            var upper = run.Select(i => $"{Svg.Number(x(i))},{Svg.Number(Y(line.Values[i].High))}");
            var lower = run.AsEnumerable().Reverse().Select(i => $"{Svg.Number(x(i))},{Svg.Number(Y(line.Values[i].Low))}");
            panel.Add(new XElement(Svg.Ns + "polygon", new XAttribute("class", "interval"), new XAttribute("points", string.Join(" ", upper.Concat(lower))),
                new XAttribute("fill", colour), new XAttribute("fill-opacity", "0.18"), new XAttribute("stroke", "none")));
            panel.Add(new XElement(Svg.Ns + "polyline", new XAttribute("points", string.Join(" ", run.Select(i => $"{Svg.Number(x(i))},{Svg.Number(Y(line.Values[i].Value))}"))),
                new XAttribute("fill", "none"), new XAttribute("stroke", colour), new XAttribute("stroke-width", "2")));
        }

        foreach (var (v, i) in known)
        {
            panel.Add(new XElement(Svg.Ns + "circle", new XAttribute("class", "point"),
                new XAttribute("cx", Svg.Number(x(i))), new XAttribute("cy", Svg.Number(Y(v.Value))), new XAttribute("r", "3"), new XAttribute("fill", colour),
                new XElement(Svg.Ns + "title", string.Create(CultureInfo.InvariantCulture, $"{line.Name}: {line.Format(v.Value)} [{line.Format(v.Low)}, {line.Format(v.High)}], n = {v.N:N0}"))));
        }

        return panel;
    }

    /// <summary>Consecutive indexes grouped: [1,2,3,5,6] → [1,2,3], [5,6].</summary>
    private static IEnumerable<List<int>> Runs(List<int> indexes)
    {
        var run = new List<int>();
        foreach (var i in indexes)
        {
            if (run.Count > 0 && i != run[^1] + 1)
            {
                yield return run;
                run = [];
            }

            run.Add(i);
        }

        if (run.Count > 0)
        {
            yield return run;
        }
    }

    /// <summary>The last period starting on or before <paramref name="date"/> (days compare as text, yyyy-MM-dd); -1 before the first.</summary>
    private static int LastAtOrBefore(IReadOnlyList<string> periods, string date)
    {
        var at = -1;
        for (var i = 0; i < periods.Count && string.CompareOrdinal(periods[i], date[..Math.Min(10, date.Length)]) <= 0; i++)
        {
            at = i;
        }

        return at;
    }

    private static string Short(string label) => label.Length > 28 ? label[..27] + "…" : label;
}
