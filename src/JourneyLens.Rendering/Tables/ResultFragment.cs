using System.Xml.Linq;
using JourneyLens.Rendering.Html;

namespace JourneyLens.Rendering.Tables;

/// <summary>A result as a piece of a page: its picture, then each table under its title; all text escaped.</summary>
public static class ResultFragment
{
    public static XElement Element(string? svg, IEnumerable<DataTable> tables) =>
        HtmlPage.E("section", new XAttribute("class", "result"),
            svg is null ? null : HtmlPage.Picture(svg),
            tables.Select(t => new object?[]
            {
                t.Title.Length > 0 ? HtmlPage.E("h2", t.Title) : null,
                t.Rows.Count == 0 ? HtmlPage.Note("Nothing to show for this selection.") : HtmlPage.Table(t.Columns, t.Rows, t.NumericColumns),
            }));

    /// <summary>The fragment as text, for <c>--format html</c>.</summary>
    public static string Html(string? svg, IEnumerable<DataTable> tables) => Element(svg, tables).ToString(SaveOptions.DisableFormatting);
}
