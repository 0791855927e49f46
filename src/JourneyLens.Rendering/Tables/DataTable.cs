using System.Globalization;

namespace JourneyLens.Rendering.Tables;

/// <param name="Column">The column holding the value.</param>
/// <param name="Analysis">The analysis it opens, with the value as <paramref name="Parameter"/> and the page's own filters.</param>
/// <param name="Text">The link's words on a page.</param>
/// <param name="Fixed">Further options the drill needs (the map the pain points are of).</param>
public sealed record Drill(int Column, string Analysis, string Parameter, string Text, IReadOnlyDictionary<string, string> Fixed);

/// <summary>A table of plain strings: the one shape that every command's table and CSV output is made of.</summary>
public sealed record DataTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>Columns whose values are numbers, right-aligned in the terminal.</summary>
    public IReadOnlySet<int> NumericColumns { get; init; } = new HashSet<int>();

    /// <summary>Columns whose values name a person (type:value of an identifier): pages link them to the person's timeline.</summary>
    public IReadOnlySet<int> PersonColumns { get; init; } = new HashSet<int>();

    /// <summary>A column whose value names what another analysis drills into (a pain point's customers): pages link it.</summary>
    public Drill? Drill { get; init; }

    /// <summary>Columns whose values are durations in seconds (their header ends in " s"): data in CSV, "3.5 h" for people.</summary>
    public IReadOnlySet<int> DurationColumns { get; init; } = new HashSet<int>();

    /// <summary>
    /// The table as people read it (pages, the report, the terminal): whole numbers with thousands separators, durations
    /// in the unit a person would use and their header without " s". CSV and JSON keep the data as it is.
    /// </summary>
    public DataTable ForPeople() => this with
    {
        Columns = [.. Columns.Select((c, i) => DurationColumns.Contains(i) && c.EndsWith(" s", StringComparison.Ordinal) ? c[..^2] : c)],
        Rows = [.. Rows.Select(r => (IReadOnlyList<string>)[.. r.Select((cell, i) => Cell(cell, i))])],
    };

    private string Cell(string cell, int column)
    {
        if (DurationColumns.Contains(column) && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return Core.Analyses.DurationText.Format(seconds);
        }

        return NumericColumns.Contains(column) && long.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)
            ? whole.ToString("N0", CultureInfo.InvariantCulture)
            : cell;
    }
}
