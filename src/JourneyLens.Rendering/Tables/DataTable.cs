namespace JourneyLens.Rendering.Tables;

/// <summary>A table of plain strings: the one shape that every command's table and CSV output is made of.</summary>
public sealed record DataTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>Columns whose values are numbers, right-aligned in the terminal.</summary>
    public IReadOnlySet<int> NumericColumns { get; init; } = new HashSet<int>();
}
