using System.Globalization;
using System.Xml.Linq;
using JourneyLens.Core.Analyses;

namespace JourneyLens.Rendering;

/// <summary>What the edges of a drawn process map are labelled with.</summary>
public enum EdgeLabel
{
    Frequency,
    Duration,
}

/// <summary>
/// The process map as a layered picture: the flow runs downwards from start to end, boxes darker with more events,
/// edges thicker with more transitions and labelled with their frequency or mean duration; loops and returns to an
/// earlier step are drawn dashed, curving round the right-hand side of their boxes.
/// </summary>
public static class ProcessMapChart
{
    private const double BoxHeight = 34, RowGap = 70, ColumnGap = 36, Margin = 30, CharWidth = 6.6, MaxLabel = 34;

    /// <param name="maxNodes">Touchpoints drawn at most: beyond it the quieter ones are one "Other" box (<see cref="ProcessMapFolding"/>).</param>
    public static string Render(ProcessMapResult whole, EdgeLabel label = EdgeLabel.Frequency, int maxNodes = ProcessMapFolding.DefaultMaxNodes)
    {
        var folded = ProcessMapFolding.Fold(whole, maxNodes);
        var map = ProcessMapFolding.Busiest(folded);
        var layout = new ProcessMapLayout(map);
        var frequency = map.Nodes.ToDictionary(n => n.Name, n => n.Frequency);
        var boxWidth = layout.Names.Select(n => Math.Min(n.Length, MaxLabel) * CharWidth + 24).ToArray();
        var rowWidths = layout.Rows.Select(r => r.Sum(v => boxWidth[v]) + (ColumnGap * Math.Max(0, r.Count - 1))).ToList();
        var width = Math.Max(320, rowWidths.DefaultIfEmpty(0).Max() + (2 * Margin) + 120);
        var x = new double[layout.Names.Count];
        var y = new double[layout.Names.Count];
        for (var l = 0; l < layout.Rows.Count; l++)
        {
            var left = (width - rowWidths[l]) / 2;
            foreach (var v in layout.Rows[l])
            {
                x[v] = left + (boxWidth[v] / 2);
                y[v] = Margin + (l * (BoxHeight + RowGap));
                left += boxWidth[v] + ColumnGap;
            }
        }

        var maxEdge = Math.Max(1, layout.Edges.Max(e => e.Frequency));
        var maxNode = Math.Max(1, frequency.Values.DefaultIfEmpty(1).Max());
        var durations = map.Edges.ToDictionary(e => (e.From, e.To), e => e.Duration.Mean);
        var edges = new List<XElement>();
        var labels = new List<XElement>();
        for (var e = 0; e < layout.Edges.Count; e++)
        {
            var (from, to, count) = layout.Edges[e];
            var back = layout.Back.Contains(e) || from == to;
            var stroke = 1 + (5.0 * count / maxEdge);
            string path;
            double lx, ly;
            if (!back)
            {
                double x0 = x[from], y0 = y[from] + BoxHeight, x1 = x[to], y1 = y[to], mid = (y0 + y1) / 2;
                path = $"M{N(x0)},{N(y0)} C{N(x0)},{N(mid)} {N(x1)},{N(mid)} {N(x1)},{N(y1)}";
                (lx, ly) = ((x0 + x1) / 2, mid);
            }
            else
            {
                // Out of the right side of the box and back into the right side of the earlier (or same) box.
                double x0 = x[from] + (boxWidth[from] / 2), y0 = y[from] + (BoxHeight / 2), x1 = x[to] + (boxWidth[to] / 2), y1 = y[to] + (BoxHeight / 2);
                var bulge = Math.Max(x0, x1) + 30 + (Math.Abs(y0 - y1) / 6);
                path = $"M{N(x0)},{N(y0)} C{N(bulge)},{N(y0)} {N(bulge)},{N(y1)} {N(x1)},{N(y1)}";
                (lx, ly) = (bulge - 6, (y0 + y1) / 2);
            }

            var name = $"{layout.Names[from]} → {layout.Names[to]}";
            var text = label == EdgeLabel.Duration && durations.TryGetValue((layout.Names[from], layout.Names[to]), out var mean) ? DurationText.Format(mean) : count.ToString("N0", CultureInfo.InvariantCulture);
            edges.Add(new XElement(Svg.Ns + "path",
                new XAttribute("class", back ? "edge back" : "edge"),
                new XAttribute("d", path),
                new XAttribute("fill", "none"),
                new XAttribute("stroke", "#5a6b7d"),
                new XAttribute("stroke-opacity", "0.7"),
                new XAttribute("stroke-width", N(stroke)),
                back ? new XAttribute("stroke-dasharray", "5 3") : null,
                new XAttribute("marker-end", "url(#arrow)"),
                new XElement(Svg.Ns + "title", $"{name}: {count:N0} transitions" + (durations.TryGetValue((layout.Names[from], layout.Names[to]), out var m) ? $", mean {DurationText.Format(m)}" : ""))));
            labels.Add(Svg.Text(lx + 4, ly + 4, text));
        }

        var boxes = new List<XElement>();
        for (var v = 0; v < layout.Names.Count; v++)
        {
            var name = layout.Names[v];
            var isEnd = v == 0 || v == layout.Names.Count - 1;
            var count = frequency.GetValueOrDefault(name);
            var shade = isEnd ? "#dfe6ee" : Shade((double)count / maxNode);
            var caption = name.Length > MaxLabel ? name[..(int)(MaxLabel - 1)] + "…" : name;
            boxes.Add(new XElement(Svg.Ns + "g",
                new XAttribute("class", "node"),
                new XElement(Svg.Ns + "title", isEnd ? name : string.Create(CultureInfo.InvariantCulture, $"{name}: {count:N0} events")),
                new XElement(Svg.Ns + "rect",
                    new XAttribute("x", N(x[v] - (boxWidth[v] / 2))), new XAttribute("y", N(y[v])),
                    new XAttribute("width", N(boxWidth[v])), new XAttribute("height", N(BoxHeight)),
                    new XAttribute("rx", "6"), new XAttribute("fill", shade), new XAttribute("stroke", "#34495e")),
                new XElement(Svg.Ns + "text",
                    new XAttribute("x", N(x[v])), new XAttribute("y", N(y[v] + 15)), new XAttribute("text-anchor", "middle"),
                    new XAttribute("fill", Svg.TextOn(shade)), caption),
                isEnd ? null : new XElement(Svg.Ns + "text",
                    new XAttribute("x", N(x[v])), new XAttribute("y", N(y[v] + 28)), new XAttribute("text-anchor", "middle"), new XAttribute("font-size", "10"),
                    new XAttribute("fill", Svg.TextOn(shade)), count.ToString("N0", CultureInfo.InvariantCulture))));
        }

        var height = (2 * Margin) + (layout.Rows.Count * (BoxHeight + RowGap)) - RowGap;
        var marker = new XElement(Svg.Ns + "defs",
            new XElement(Svg.Ns + "marker",
                new XAttribute("id", "arrow"), new XAttribute("viewBox", "0 0 10 10"), new XAttribute("refX", "9"), new XAttribute("refY", "5"),
                new XAttribute("markerWidth", "9"), new XAttribute("markerHeight", "9"), new XAttribute("markerUnits", "userSpaceOnUse"), new XAttribute("orient", "auto-start-reverse"),
                new XElement(Svg.Ns + "path", new XAttribute("d", "M0,0 L10,5 L0,10 z"), new XAttribute("fill", "#5a6b7d"))));
        var title = string.Create(CultureInfo.InvariantCulture, $"Process map: {whole.Journeys:N0} journeys, {whole.Nodes.Count:N0} touchpoints, {whole.Edges.Count:N0} edges");
        var cut = new List<string>();
        if (folded != whole)
        {
            cut.Add(string.Create(CultureInfo.InvariantCulture, $"the {maxNodes - 1} busiest of {whole.Nodes.Count:N0} touchpoints, the others as one box"));
        }

        if (map != folded)
        {
            cut.Add(string.Create(CultureInfo.InvariantCulture, $"the {map.Edges.Count} busiest of {folded.Edges.Count:N0} edges"));
        }

        var note = cut.Count == 0 ? [] : new[]
        {
            Svg.With(Svg.Text(8, 16, $"Drawn: {string.Join("; ", cut)}. The table lists every edge."), new XAttribute("class", "folded"), new XAttribute("fill", "#333333")),
        };
        return Svg.Write(Svg.Document(width, height, title + (cut.Count == 0 ? "" : $"; drawn: {string.Join("; ", cut)}"), [marker, .. edges, .. boxes, .. labels, .. note]));
    }

    private static string N(double value) => Svg.Number(value);

    /// <summary>From a pale to a deep blue as the share of the busiest touchpoint grows.</summary>
    private static string Shade(double share) => Svg.Blend((0xe8, 0xf0, 0xfa), (0x1f, 0x4e, 0x79), share);
}
