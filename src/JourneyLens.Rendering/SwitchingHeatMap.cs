using System.Globalization;
using System.Xml.Linq;
using JourneyLens.Core.Experience;

namespace JourneyLens.Rendering;

/// <summary>The channel → next channel matrix as a heat map: rows are from-channels, columns to-channels, darker cells a larger share of the row.</summary>
public static class SwitchingHeatMap
{
    private const double Cell = 64, Left = 110, Top = 100;

    public static string Render(SwitchingResult result)
    {
        var channels = result.Matrix.SelectMany(m => new[] { m.From, m.To }).Distinct().Order(StringComparer.Ordinal).ToList();
        var content = new List<XElement>();
        for (var c = 0; c < channels.Count; c++)
        {
            content.Add(Svg.With(Svg.Text(Left + (c * Cell) + (Cell / 2), Top - 8, Name(channels[c]), "start"),
                new XAttribute("transform", $"rotate(-40 {Svg.Number(Left + (c * Cell) + (Cell / 2))} {Svg.Number(Top - 8)})")));
            content.Add(Svg.Text(Left - 8, Top + (c * Cell) + (Cell / 2) + 4, Name(channels[c]), "end"));
        }

        var cells = result.Matrix.ToDictionary(m => (m.From, m.To));
        for (var r = 0; r < channels.Count; r++)
        {
            for (var c = 0; c < channels.Count; c++)
            {
                var found = cells.TryGetValue((channels[r], channels[c]), out var m);
                var share = found ? m!.Share : 0;
                var (x, y) = (Left + (c * Cell), Top + (r * Cell));
                content.Add(new XElement(Svg.Ns + "rect",
                    new XAttribute("class", "cell"),
                    new XAttribute("x", Svg.Number(x)), new XAttribute("y", Svg.Number(y)), new XAttribute("width", Svg.Number(Cell - 2)), new XAttribute("height", Svg.Number(Cell - 2)),
                    new XAttribute("fill", Shade(share)),
                    new XElement(Svg.Ns + "title", string.Create(CultureInfo.InvariantCulture, $"{Name(channels[r])} → {Name(channels[c])}: {(found ? m!.Transitions : 0):N0} transitions, {share:P1} of {Name(channels[r])}"))));
                if (found)
                {
                    content.Add(Svg.With(Svg.Text(x + (Cell / 2) - 1, y + (Cell / 2) + 4, share.ToString("0%", CultureInfo.InvariantCulture), "middle"),
                        new XAttribute("fill", Svg.TextOn(Shade(share)))));
                }
            }
        }

        var size = Math.Max(1, channels.Count) * Cell;
        return Svg.Write(Svg.Document(Left + size + 20, Top + size + 20, "Channel → next channel", [.. content]));
    }

    private static string Name(string channel) => channel.Length == 0 ? "(none)" : channel;

    private static string Shade(double share) => Svg.Blend((0xf4, 0xf6, 0xf8), (0xb2, 0x18, 0x2b), share);
}
