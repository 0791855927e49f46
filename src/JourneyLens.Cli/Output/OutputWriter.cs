using JourneyLens.Application.Registry;
using JourneyLens.Rendering.Tables;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace JourneyLens.Cli.Output;

/// <summary>
/// Writes results in the chosen --format: JSON (the result record itself, snake_case), CSV (each table, separated by
/// a blank line) or terminal tables. User text goes through Spectre's escaping, never as markup.
/// </summary>
public sealed class OutputWriter(TextWriter writer, OutputFormat format)
{
    public static readonly System.Text.Json.JsonSerializerOptions Json = ResultJson.Options;

    public OutputFormat Format => format;

    /// <summary>Writes <paramref name="result"/> as JSON, or <paramref name="tables"/> as CSV or terminal tables.</summary>
    public void Write(object result, params DataTable[] tables)
    {
        switch (format)
        {
            case OutputFormat.Svg:
                throw new UsageException("--format svg is available for paths (a Sankey), funnel (bars), process-map (a layered map), scores (a line along the journey), switching (a heat map) and map render");
            case OutputFormat.Html:
                writer.WriteLine(ResultFragment.Html(null, tables));
                break;
            case OutputFormat.Mermaid:
                throw new UsageException("--format mermaid is available for map render");
            case OutputFormat.Json or OutputFormat.Jsonl:
                writer.WriteLine(ResultJson.Serialize(result));
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
            case OutputFormat.Parquet:
                throw new UsageException("--format parquet is for export (journeylens export --format parquet --output FILE)");
            default:
                foreach (var table in tables)
                {
                    WriteTable(table);
                }

                break;
        }
    }

    /// <summary>An analysis' answer: its picture for svg, picture and tables for html, else as <see cref="Write(object, DataTable[])"/>.</summary>
    public void Write(Answer answer)
    {
        if (format == OutputFormat.Svg && answer.Grouped)
        {
            throw new UsageException("--format svg draws one group; leave out --by and --by-segment, or use --segment for the group you want");
        }

        if (format is OutputFormat.Svg or OutputFormat.Html && answer.Picture?.Invoke() is { } svg)
        {
            writer.WriteLine(format == OutputFormat.Svg ? svg : ResultFragment.Html(svg, answer.Tables));
            return;
        }

        Write(answer.Result, [.. answer.Tables]);
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
            writer.WriteLine(ResultFragment.Html(svg(), tables));
            return;
        }

        Write(result, tables);
    }

    public void WriteCsv(DataTable table) => Application.Output.TableCsv.Write(writer, table);

    private void WriteTable(DataTable data)
    {
        var table = data.ForPeople();
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
