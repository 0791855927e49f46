using System.Globalization;
using System.Xml.Linq;

namespace JourneyLens.Rendering.Html;

/// <summary>
/// Standalone HTML pages built with <see cref="XElement"/>, so every text from users and data is escaped by the writer.
/// One file, no scripts, no external requests: styles inline, pictures as inline SVG — a page that can be mailed.
/// </summary>
public static class HtmlPage
{
    // No '>' or '&' in the style sheet: the XML writer would escape them inside <style>, where HTML does not unescape.
    private const string Style = """
        body { font-family: system-ui, sans-serif; margin: 0; color: #222; background: #fafafa; }
        main { padding: 16px; max-width: 100%; box-sizing: border-box; }
        h1 { font-size: 1.5rem; margin: 0 0 8px; }
        h2 { font-size: 1.2rem; margin: 24px 0 8px; }
        p.meta { color: #555; margin: 4px 0; }
        nav a { margin-right: 12px; }
        .scroll { overflow-x: auto; border: 1px solid #ddd; background: #fff; max-width: 100%; }
        .scroll svg { display: block; }
        .compare { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
        .compare section { min-width: 0; }
        table { border-collapse: collapse; background: #fff; font-size: 0.9rem; }
        th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
        th { background: #f2f2f2; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .note { color: #666; font-style: italic; }
        footer { color: #888; font-size: 0.8rem; margin: 32px 0 8px; }
        @media (max-width: 800px) { .compare { grid-template-columns: 1fr; } main { padding: 8px; } h1 { font-size: 1.2rem; } }
        """;

    /// <summary>An element whose empty content still serialises as a start and an end tag (HTML has no self-closing div).</summary>
    public static XElement E(string name, params object?[] content)
    {
        var element = new XElement(name, content);
        if (element.IsEmpty && name is not ("meta" or "br" or "hr" or "img" or "link" or "input"))
        {
            element.Add(string.Empty);
        }

        return element;
    }

    /// <param name="made">When the page was made, for its footer.</param>
    public static string Document(string title, DateTimeOffset made, params object?[] body) =>
        "<!DOCTYPE html>" + E("html", new XAttribute("lang", "en"),
            E("head",
                E("meta", new XAttribute("charset", "utf-8")),
                E("meta", new XAttribute("name", "viewport"), new XAttribute("content", "width=device-width, initial-scale=1")),
                E("title", title),
                E("style", Style)),
            E("body", E("main", body, E("footer", string.Create(CultureInfo.InvariantCulture, $"Made with JourneyLens on {made.UtcDateTime:yyyy-MM-dd HH:mm} UTC. Self-contained: no scripts, no external requests.")))))
            .ToString(SaveOptions.DisableFormatting);

    /// <summary>
    /// A data table as people read it (<see cref="Tables.DataTable.ForPeople"/>), in a scrolling box; with
    /// <paramref name="personHref"/> its person columns link to each person's timeline.
    /// </summary>
    public static XElement Table(Tables.DataTable table, Func<string, string>? personHref = null, Func<Tables.Drill, string, string>? drillHref = null) =>
        (personHref is null || table.PersonColumns.Count == 0) && (drillHref is null || table.Drill is null)
            ? Table(table.Columns, table.Rows, table.NumericColumns)
            : ScrollBox("Table",
                E("table",
                    E("thead", E("tr", table.Columns.Select(c => E("th", c)))),
                    E("tbody", table.Rows.Select(r => E("tr", r.Select((cell, i) =>
                        personHref is not null && table.PersonColumns.Contains(i) ? E("td", E("a", new XAttribute("href", personHref(cell)), cell))
                        : drillHref is not null && table.Drill is { } drill && drill.Column == i ? E("td", E("a", new XAttribute("href", drillHref(drill, cell)), drill.Text))
                        : table.NumericColumns.Contains(i) ? E("td", new XAttribute("class", "num"), cell) : E("td", cell)))))));

    /// <summary>A table in a horizontally scrolling box; <paramref name="numeric"/> columns align right.</summary>
    public static XElement Table(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows, IReadOnlySet<int>? numeric = null) =>
        ScrollBox("Table",
            E("table",
                E("thead", E("tr", columns.Select(c => E("th", c)))),
                E("tbody", rows.Select(r => E("tr", r.Select((cell, i) => numeric?.Contains(i) == true ? E("td", new XAttribute("class", "num"), cell) : E("td", cell)))))));

    /// <summary>An SVG picture from one of the charts, in a scrolling box.</summary>
    public static XElement Picture(string svg) => ScrollBox("Picture", XElement.Parse(svg));

    /// <summary>
    /// A box that scrolls what is wider than the screen; focusable (tabindex 0), so keyboard users can scroll it too,
    /// and named for screen readers.
    /// </summary>
    public static XElement ScrollBox(string label, params object?[] content) =>
        E("div", new XAttribute("class", "scroll"), new XAttribute("tabindex", "0"), new XAttribute("role", "group"), new XAttribute("aria-label", label), content);

    public static XElement Note(string text) => E("p", new XAttribute("class", "note"), text);
}
