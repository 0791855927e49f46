using System.CommandLine;
using System.Text.Json;
using CsvHelper;
using JourneyLens.Cli.Output;
using JourneyLens.Rendering.Tables;
using JourneyLens.Core.Events;
using JourneyLens.Application.Analyses;
using JourneyLens.Application.Backends.Embedded;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Storage.Queries;

namespace JourneyLens.Cli.Commands;

/// <summary><c>journeylens export</c>: the engine's view, one row per event, as CSV (default), JSONL or Parquet.</summary>
public static class ExportCommand
{
    private static readonly Option<string?> Output = new("--output", "-o") { Description = "File to write (default: standard output)" };

    public static Command Create(CliContext context)
    {
        var command = new Command("export", "Export every event with its stitched person and journey: CSV, JSON lines with --format json, Parquet with --format parquet --output FILE");
        command.Options.Add(Output);
        var scope = new ParameterOptions(ScopeParameters.Common);
        scope.AddTo(command);
        command.SetAction(parse =>
        {
            var query = new ExportQuery(Selection.Of(ScopeParameters.Scope(scope.Read(parse))));
            var format = parse.GetValue(CommonOptions.Format);
            if (format == OutputFormat.Parquet && parse.GetValue(Output) is null)
            {
                throw new UsageException("--format parquet writes a file: give it with --output FILE");
            }

            using var backend = EmbeddedBackend.OpenWorkspace(CommonOptions.WorkspaceFolder(parse), context.Engines);
            var answer = backend.Answer(query);
            var exported = answer with { Events = ReadAhead.Of(answer.Events) };
            var path = parse.GetValue(Output);
            var json = parse.GetValue(CommonOptions.Format) is OutputFormat.Json or OutputFormat.Jsonl;
            void Write(TextWriter writer)
            {
                if (json)
                {
                    WriteJsonLines(writer, exported.Events);
                }
                else
                {
                    WriteCsv(writer, exported.Events, exported.PropertyKeys);
                }

                writer.Flush();
            }

            if (format == OutputFormat.Parquet)
            {
                OutputFile.WriteBytes(path!, stream => ParquetExport.Write(stream, exported.Events, exported.PropertyKeys));
            }
            else if (path is null)
            {
                Write(context.Out);
            }
            else
            {
                OutputFile.Write(path, Write);
            }

            return ExitCode.Ok;
        });
        return command;
    }

    private static void WriteCsv(TextWriter writer, IEnumerable<ExportedEvent> events, IReadOnlyList<string> propertyKeys)
    {
        // A property that has a base column's name is exported as "property:NAME", so no column name repeats.
        var propertyColumns = propertyKeys.Select(k => EventExport.BaseColumns.Contains(k) ? "property:" + k : k).ToArray();
        var index = propertyKeys.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i, StringComparer.Ordinal);
        using var csv = CsvWriter.Create(writer, CsvWriterOptions.Default with { NewLine = "\n" }, leaveOpen: true);
        csv.WriteHeader([.. EventExport.BaseColumns, .. propertyColumns]);
        var row = new string[EventExport.BaseColumns.Length + propertyColumns.Length];
        foreach (var e in events)
        {
            Array.Fill(row, "");
            row[0] = e.EventId ?? "";
            row[1] = Show.Timestamp(e.TimestampMs);
            row[2] = e.PersonId;
            row[3] = e.JourneyId;
            row[4] = e.Channel;
            row[5] = e.Touchpoint;
            row[6] = e.ScoreType == ScoreType.None ? "" : ScoreScales.Name(e.ScoreType);
            row[7] = e.Score is { } s ? Show.Number(s) : "";
            row[8] = e.About ?? "";
            row[9] = e.Value is { } v ? Show.Number(v) : "";
            row[10] = e.Outcome ?? "";
            row[11] = e.ContactId ?? "";
            foreach (var (k, value) in e.Properties)
            {
                row[EventExport.BaseColumns.Length + index[k]] = value;
            }

            csv.WriteRecord(row);
        }
    }

    private static void WriteJsonLines(TextWriter writer, IEnumerable<ExportedEvent> events)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = OutputWriter.Json.Encoder });
        foreach (var e in events)
        {
            buffer.ResetWrittenCount();
            json.Reset();
            json.WriteStartObject();
            json.WriteString("event_id", e.EventId);
            json.WriteString("timestamp", Show.Timestamp(e.TimestampMs));
            json.WriteString("person_id", e.PersonId);
            json.WriteString("journey_id", e.JourneyId);
            json.WriteString("channel", e.Channel);
            json.WriteString("touchpoint", e.Touchpoint);
            json.WriteString("score_type", e.ScoreType == ScoreType.None ? null : ScoreScales.Name(e.ScoreType));
            WriteNumber(json, "score", e.Score);
            json.WriteString("about", e.About);
            WriteNumber(json, "value", e.Value);
            json.WriteString("outcome", e.Outcome);
            json.WriteString("contact_id", e.ContactId);
            json.WriteStartObject("properties");
            foreach (var (k, v) in e.Properties)
            {
                json.WriteString(k, v);
            }

            json.WriteEndObject();
            json.WriteEndObject();
            json.Flush();
            writer.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
