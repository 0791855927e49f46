using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using JourneyLens.Rendering.Html;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace JourneyLens.Cli.Output;

/// <summary>A table of plain strings: the one shape that every command's table and CSV output is made of.</summary>
public sealed record DataTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>Columns whose values are numbers, right-aligned in the terminal.</summary>
    public IReadOnlySet<int> NumericColumns { get; init; } = new HashSet<int>();
}

/// <summary>
/// Writes results in the chosen --format: JSON (the result record itself, snake_case), CSV (each table, separated by
/// a blank line) or terminal tables. User text goes through Spectre's escaping, never as markup.
/// </summary>
public sealed class OutputWriter(TextWriter writer, OutputFormat format)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public OutputFormat Format => format;

    /// <summary>Writes <paramref name="result"/> as JSON, or <paramref name="tables"/> as CSV or terminal tables.</summary>
    public void Write(object result, params DataTable[] tables)
    {
        switch (format)
        {
            case OutputFormat.Svg:
                throw new UsageException("--format svg is available for paths (a Sankey), funnel (bars), process-map (a layered map), scores (a line along the journey), switching (a heat map) and map render");
            case OutputFormat.Html:
                writer.WriteLine(HtmlFragment(null, tables));
                break;
            case OutputFormat.Mermaid:
                throw new UsageException("--format mermaid is available for map render");
            case OutputFormat.Json or OutputFormat.Jsonl:
                writer.WriteLine(JsonSerializer.Serialize(result, result.GetType(), Json));
                break;
            case OutputFormat.Csv:
                for (var i = 0; i < tables.Length; i++)
                {
                    if (i > 0)
                    {
                        writer.WriteLine();
                    }

                    WriteCsv(tables[i]);
                }

                break;
            default:
                foreach (var table in tables)
                {
                    WriteTable(table);
                }

                break;
        }
    }

    /// <summary>Writes the picture when --format svg was asked for, else the result as <see cref="Write"/> does.</summary>
    public void Write(object result, Func<string> svg, params DataTable[] tables)
    {
        if (format == OutputFormat.Svg)
        {
            writer.WriteLine(svg());
            return;
        }

        if (format == OutputFormat.Html)
        {
            writer.WriteLine(HtmlFragment(svg(), tables));
            return;
        }

        Write(result, tables);
    }

    /// <summary>An HTML fragment to embed (the web app's pages): the picture, then each table under its title; all text escaped.</summary>
    private static string HtmlFragment(string? svg, DataTable[] tables) =>
        HtmlPage.E("section", new System.Xml.Linq.XAttribute("class", "result"),
            svg is null ? null : HtmlPage.Picture(svg),
            tables.Select(t => new object?[]
            {
                t.Title.Length > 0 ? HtmlPage.E("h2", t.Title) : null,
                t.Rows.Count == 0 ? HtmlPage.Note("Nothing to show for this selection.") : HtmlPage.Table(t.Columns, t.Rows, t.NumericColumns),
            })).ToString(System.Xml.Linq.SaveOptions.DisableFormatting);

    public void WriteCsv(DataTable table)
    {
        using var csv = CsvWriter.Create(writer, CsvWriterOptions.Default with { NewLine = "\n" }, leaveOpen: true);
        csv.WriteHeader([.. table.Columns]);
        foreach (var row in table.Rows)
        {
            csv.WriteRecord([.. row]);
        }
    }

    private void WriteTable(DataTable table)
    {
        var console = Console(writer);
        var grid = new Table().Border(TableBorder.Rounded);
        if (table.Title.Length > 0)
        {
            grid.Title(new TableTitle(Markup.Escape(table.Title), new Style(decoration: Decoration.Bold)));
        }

        for (var c = 0; c < table.Columns.Count; c++)
        {
            var column = new TableColumn(new Text(table.Columns[c]));
            grid.AddColumn(table.NumericColumns.Contains(c) ? column.RightAligned() : column);
        }

        foreach (var row in table.Rows)
        {
            grid.AddRow(row.Select(cell => (IRenderable)new Text(cell)).ToArray());
        }

        console.Write(grid);
    }

    /// <summary>A Spectre console over any writer; no colours or width guessing when the output is not a terminal.</summary>
    public static IAnsiConsole Console(TextWriter writer)
    {
        var redirected = !ReferenceEquals(writer, System.Console.Out) || System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = 160;
        }

        return console;
    }
}
