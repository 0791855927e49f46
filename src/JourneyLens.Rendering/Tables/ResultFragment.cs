using System.Xml.Linq;
using JourneyLens.Rendering.Html;

namespace JourneyLens.Rendering.Tables;

/// <summary>A result as a piece of a page: its picture, then each table under its title; all text escaped.</summary>
public static class ResultFragment
{
    /// <param name="pictureTools">Shown under the picture (the web's download links).</param>
    /// <param name="tableTools">Shown under the title of table i (from 0), when it has rows.</param>
    public static XElement Element(string? svg, IEnumerable<DataTable> tables, object? pictureTools = null, Func<int, object?>? tableTools = null) =>
        HtmlPage.E("section", new XAttribute("class", "result"),
            svg is null ? null : HtmlPage.Picture(svg),
            svg is null ? null : pictureTools,
            tables.Select((t, i) => new object?[]
            {
                t.Title.Length > 0 ? HtmlPage.E("h2", t.Title) : null,
                t.Rows.Count == 0 ? HtmlPage.Note("Nothing to show for this selection.") : new object?[] { tableTools?.Invoke(i), HtmlPage.Table(t.ForPeople()) },
            }));

    /// <summary>The fragment as text, for <c>--format html</c>.</summary>
    public static string Html(string? svg, IEnumerable<DataTable> tables) => Element(svg, tables).ToString(SaveOptions.DisableFormatting);
}
