using System.Xml.Linq;
using JourneyLens.Rendering.Html;

namespace JourneyLens.Rendering.Tables;

/// <summary>A result as a piece of a page: its picture, then each table under its title; all text escaped.</summary>
public static class ResultFragment
{
    /// <summary>How the web shows a result: its tables' persons linked, long tables cut (the whole is a download).</summary>
    public sealed record WebTools(object? Picture, Func<int, object?> Table, Func<string, string> PersonHref, int MaxRows)
    {
        /// <summary>Where a drill column's value leads (its analysis' page with the value and the page's filters).</summary>
        public Func<Drill, string, string>? DrillHref { get; init; }
    }

    /// <param name="tools">The web's download links, person links and row limit; null for the report and --format html.</param>
    public static XElement Element(string? svg, IEnumerable<DataTable> tables, WebTools? tools = null) =>
        HtmlPage.E("section", new XAttribute("class", "result"),
            svg is null ? null : HtmlPage.Picture(svg),
            svg is null ? null : tools?.Picture,
            tables.Select((t, i) => new object?[]
            {
                t.Title.Length > 0 ? HtmlPage.E("h2", t.Title) : null,
                t.Rows.Count == 0 ? HtmlPage.Note("Nothing to show for this selection.") : new object?[]
                {
                    tools?.Table(i),
                    HtmlPage.Table(Cut(t, tools?.MaxRows).ForPeople(), tools?.PersonHref, tools?.DrillHref),
                    tools is not null && t.Rows.Count > tools.MaxRows
                        ? HtmlPage.Note($"The first {tools.MaxRows:N0} of {t.Rows.Count:N0} rows; the CSV download holds them all.")
                        : null,
                },
            }));

    private static DataTable Cut(DataTable table, int? maxRows) =>
        maxRows is { } max && table.Rows.Count > max ? table with { Rows = [.. table.Rows.Take(max)] } : table;

    /// <summary>The fragment as text, for <c>--format html</c>.</summary>
    public static string Html(string? svg, IEnumerable<DataTable> tables) => Element(svg, tables).ToString(SaveOptions.DisableFormatting);
}
