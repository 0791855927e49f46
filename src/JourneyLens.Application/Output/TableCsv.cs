using CsvHelper;
using JourneyLens.Rendering.Tables;

namespace JourneyLens.Application.Output;

/// <summary>A table as CSV (RFC 4180 quoting, \n line ends): the CLI's --format csv and the pages' table downloads.</summary>
public static class TableCsv
{
    public static void Write(TextWriter writer, DataTable table)
    {
        using var csv = CsvWriter.Create(writer, CsvWriterOptions.Default with { NewLine = "\n" }, leaveOpen: true);
        csv.WriteHeader([.. table.Columns]);
        foreach (var row in table.Rows)
        {
            csv.WriteRecord([.. row]);
        }
    }
}
