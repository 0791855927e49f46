using System.Globalization;
using System.Xml.Linq;

namespace JourneyLens.Rendering;

/// <summary>
/// Small helpers for SVG built with <see cref="XElement"/>: every text and attribute is escaped by the XML writer,
/// so names from the data (touchpoints, channels) can never become markup.
/// </summary>
internal static class Svg
{
    public static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    public static XElement Document(double width, double height, string title, params object[] content) =>
        new(Ns + "svg",
            new XAttribute("width", Number(width)),
            new XAttribute("height", Number(height)),
            new XAttribute("viewBox", $"0 0 {Number(width)} {Number(height)}"),
            new XAttribute("font-family", "system-ui, sans-serif"),
            new XAttribute("font-size", "12"),
            new XElement(Ns + "title", title),
            content);

    public static XElement Rect(double x, double y, double width, double height, string fill, string? tooltip = null) =>
        new(Ns + "rect",
            new XAttribute("x", Number(x)), new XAttribute("y", Number(y)),
            new XAttribute("width", Number(Math.Max(0, width))), new XAttribute("height", Number(Math.Max(0, height))),
            new XAttribute("fill", fill),
            tooltip is null ? null : new XElement(Ns + "title", tooltip));

    public static XElement Text(double x, double y, string text, string anchor = "start", string? weight = null) =>
        new(Ns + "text",
            new XAttribute("x", Number(x)), new XAttribute("y", Number(y)),
            new XAttribute("text-anchor", anchor),
            weight is null ? null : new XAttribute("font-weight", weight),
            text);

    /// <summary>The element with more attributes or children added.</summary>
    public static XElement With(XElement element, params object?[] more)
    {
        element.Add(more);
        return element;
    }

    /// <summary>A colour between two (rgb triples) at <paramref name="t"/> from 0 to 1: the shading of heat maps and busy boxes.</summary>
    public static string Blend((int R, int G, int B) from, (int R, int G, int B) to, double t)
    {
        t = Math.Clamp(t, 0, 1);
        int At(int a, int b) => (int)Math.Round(a + ((b - a) * t));
        return $"#{At(from.R, to.R):x2}{At(from.G, to.G):x2}{At(from.B, to.B):x2}";
    }

    public static string Number(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);

    public static string Write(XElement svg) => svg.ToString(SaveOptions.DisableFormatting);

    /// <summary>A colour per index from a palette that stays readable on white.</summary>
    public static string Colour(int index) => Palette[index % Palette.Length];

    /// <summary>
    /// Text on a coloured background: white or near-black, whichever contrasts more (WCAG relative luminance), so text
    /// on any colour is at least 4.58:1 (the least of the better of black and white) — white on the palette's yellow was 1.6:1.
    /// </summary>
    public static string TextOn(string background) =>
        Contrast(Luminance(background), Luminance(DarkText)) >= Contrast(Luminance(background), 1.0) ? DarkText : "#ffffff";

    public const string DarkText = "#000000";

    /// <summary>The WCAG contrast ratio of two colours given as #rrggbb.</summary>
    public static double Contrast(string a, string b) => Contrast(Luminance(a), Luminance(b));

    private static double Contrast(double a, double b) => (Math.Max(a, b) + 0.05) / (Math.Min(a, b) + 0.05);

    private static double Luminance(string colour)
    {
        double Channel(int at)
        {
            var c = Convert.ToInt32(colour.Substring(at, 2), 16) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        return (0.2126 * Channel(1)) + (0.7152 * Channel(3)) + (0.0722 * Channel(5));
    }

    /// <summary>Every colour of the palette, for checks.</summary>
    public static IReadOnlyList<string> Colours => Palette;

    private static readonly string[] Palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
}
