using System.Globalization;
using System.Xml.Linq;
using JourneyLens.Core.Analyses;

namespace JourneyLens.Rendering;

/// <summary>
/// The paths' Sankey: a column per step, a bar per node (height ∝ journeys), and a band per edge whose width is its
/// journeys. Bands leave and enter the bars in order, so the bars' heights are exactly filled.
/// </summary>
public static class SankeyChart
{
    private const double ColumnGap = 190, NodeWidth = 14, Top = 30, Height = 520, Padding = 8, Left = 20;

    public static string Render(Sankey sankey)
    {
        var columns = sankey.Nodes.GroupBy(n => n.Column).OrderBy(g => g.Key).ToList();
        var largest = columns.Count == 0 ? 1 : columns.Max(c => c.Sum(n => n.Journeys) + 0.0);
        var scale = (Height - (Padding * 10)) / Math.Max(1, largest);

        // Place the nodes: top to bottom in each column, in the order of the result (largest first).
        var place = new Dictionary<(int, string), (double X, double Y, double H)>();
        foreach (var column in columns)
        {
            var y = Top;
            foreach (var node in column)
            {
                var h = Math.Max(1, node.Journeys * scale);
                place[(node.Column, node.Name)] = (Left + (node.Column * ColumnGap), y, h);
                y += h + Padding;
            }
        }

        var bands = new List<XElement>();
        var outOffset = place.Keys.ToDictionary(k => k, _ => 0.0);
        var inOffset = place.Keys.ToDictionary(k => k, _ => 0.0);
        foreach (var edge in sankey.Edges)
        {
            if (!place.TryGetValue((edge.FromColumn, edge.From), out var from) || !place.TryGetValue((edge.FromColumn + 1, edge.To), out var to))
            {
                continue;
            }

            var w = Math.Max(0.5, edge.Journeys * scale);
            var y0 = from.Y + outOffset[(edge.FromColumn, edge.From)] + (w / 2);
            var y1 = to.Y + inOffset[(edge.FromColumn + 1, edge.To)] + (w / 2);
            outOffset[(edge.FromColumn, edge.From)] += w;
            inOffset[(edge.FromColumn + 1, edge.To)] += w;
            double x0 = from.X + NodeWidth, x1 = to.X, mid = (x0 + x1) / 2;
            bands.Add(new XElement(Svg.Ns + "path",
                new XAttribute("d", $"M{Svg.Number(x0)},{Svg.Number(y0)} C{Svg.Number(mid)},{Svg.Number(y0)} {Svg.Number(mid)},{Svg.Number(y1)} {Svg.Number(x1)},{Svg.Number(y1)}"),
                new XAttribute("stroke", edge.To == Paths.End ? "#cccccc" : Svg.Colour(edge.FromColumn)),
                new XAttribute("stroke-opacity", "0.45"),
                new XAttribute("stroke-width", Svg.Number(w)),
                new XAttribute("fill", "none"),
                new XElement(Svg.Ns + "title", string.Create(CultureInfo.InvariantCulture, $"{edge.From} → {edge.To}: {edge.Journeys:N0} journeys"))));
        }

        var nodes = new List<XElement>();
        foreach (var ((column, name), (x, y, h)) in place)
        {
            var journeys = sankey.Nodes.First(n => n.Column == column && n.Name == name).Journeys;
            // data-node lets a page drill in (paths from this node); the picture itself stays script-free.
            var drill = name is Paths.End or Paths.Other ? null : new XAttribute("data-node", name);
            nodes.Add(Svg.With(Svg.Rect(x, y, NodeWidth, h, name == Paths.End ? "#999999" : "#333333", string.Create(CultureInfo.InvariantCulture, $"step {column + 1}: {name}, {journeys:N0} journeys")), drill));
            nodes.Add(Svg.With(Svg.Text(x + NodeWidth + 4, y + Math.Min(h, 24) / 2 + 4, string.Create(CultureInfo.InvariantCulture, $"{name} ({journeys:N0})")), drill));
        }

        var width = Left + (Math.Max(1, columns.Count) * ColumnGap) + 60;
        return Svg.Write(Svg.Document(width, Height + Top, "Paths", [.. bands, .. nodes]));
    }
}
