using System.Globalization;
using JourneyLens.Core.Errors;
using JourneyLens.Ingest.Mapping;
using JourneyLens.Ingest.Validation;
using Parquet;
using Parquet.Schema;
using Field = JourneyLens.Ingest.Mapping.Field;

namespace JourneyLens.Ingest.Readers;

/// <summary>
/// A Parquet file (a warehouse export: GA4, Segment or Snowplow loads) read one row group at a time, its flat columns
/// as the fields of a row — the same mapping, validation and quarantine as a CSV, with the row number as the line.
/// Values become text as the import reads them: timestamps ISO-8601 (UTC when the column is adjusted to UTC, naive
/// otherwise, needing --timezone), dates yyyy-MM-dd, numbers invariant. A nested column (list, map, struct) is refused
/// by name unless mapped to ignore: JourneyLens reads events one row each.
/// </summary>
internal sealed class ParquetEventReader : IEventReader
{
    private readonly FileStream _file;
    private readonly ParquetReader _reader;
    private readonly RecordBuilder _builder;
    private readonly DataField[] _fields;
    private readonly FieldTarget[] _targets;

    public ParquetEventReader(string path, ColumnMapping mapping, RecordBuilder builder)
    {
        _builder = builder;
        _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            _reader = ParquetReader.CreateAsync(_file, leaveStreamOpen: true).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            _file.Dispose();
            throw new InputException($"not a readable Parquet file: {e.Message}", path);
        }

        var top = _reader.Schema.Fields;
        var header = top.Select(f => f.Name).ToList();
        mapping.CheckExplicitColumnsExist(header, path);
        var targets = mapping.ResolveHeader(header);
        var nested = top.Where((f, i) => f is not DataField { IsArray: false } && targets[i].Field != Field.Ignored).Select(f => f.Name).ToList();
        if (nested.Count > 0)
        {
            Dispose();
            throw new InputException($"nested columns (lists, maps or structs) cannot be read as one event per row: {string.Join(", ", nested)}; "
                + $"flatten them in the export, or leave them out with --map ignore={nested[0]}", path);
        }

        var kept = top.Select((f, i) => (f, i)).Where(x => targets[x.i].Field != Field.Ignored).ToList();
        _fields = [.. kept.Select(x => (DataField)x.f)];
        _targets = [.. kept.Select(x => targets[x.i])];
        DetectedMapping = [.. top.Select((f, i) => (f.Name, targets[i]))];
    }

    public InputFormat Format => InputFormat.Parquet;
    public long BytesRead => _file.Position;
    public IReadOnlyList<(string Source, FieldTarget Target)> DetectedMapping { get; }

    public IEnumerable<ReadItem> Read()
    {
        var fields = new List<SourceField>(_fields.Length);
        long row = 0;
        for (var g = 0; g < _reader.RowGroupCount; g++)
        {
            string?[][] columns;
            int rows;
            using (var group = _reader.OpenRowGroupReader(g))
            {
                rows = checked((int)group.RowCount);
                columns = [.. _fields.Select(f => ReadColumn(group, f, rows))];
            }

            for (var r = 0; r < rows; r++)
            {
                row++;
                fields.Clear();
                for (var c = 0; c < _fields.Length; c++)
                {
                    fields.Add(new SourceField(_fields[c].Name, _targets[c], columns[c][r] ?? ""));
                }

                var at = r;
                foreach (var item in _builder.BuildAll(fields, row, () => string.Join(",", columns.Select(col => col[at]))))
                {
                    yield return item;
                }
            }
        }
    }

    /// <summary>One column of a row group as the text the import reads.</summary>
    private string?[] ReadColumn(ParquetRowGroupReader group, DataField field, int rows)
    {
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        try
        {
            return type switch
            {
                _ when type == typeof(string) || type == typeof(ReadOnlyMemory<char>) => ReadStrings(group, field, rows),
                _ when type == typeof(bool) => Read<bool>(group, field, rows, v => v ? "true" : "false"),
                _ when type == typeof(sbyte) => Read<sbyte>(group, field, rows, v => v.ToString(CultureInfo.InvariantCulture)),
                _ when type == typeof(byte) => Read<byte>(group, field, rows, v => v.ToString(CultureInfo.InvariantCulture)),
                _ when type == typeof(short) => Read<short>(group, field, rows, v => v.ToString(CultureInfo.InvariantCulture)),
                _ when type == typeof(ushort) => Read<ushort>(group, field, rows, v => v.ToString(CultureInfo.InvariantCulture)),
                _ when type == typeof(int) => Read<int>(group, field, rows, v => v.ToString(CultureInfo.InvariantCulture)),
                _ when type == typeof(uint) => Read<uint>(group, field, rows, v => v.ToString(CultureInfo.InvariantCulture)),
                _ when type == typeof(long) => Read<long>(group, field, rows, v => v.ToString(CultureInfo.InvariantCulture)),
                _ when type == typeof(ulong) => Read<ulong>(group, field, rows, v => v.ToString(CultureInfo.InvariantCulture)),
                _ when type == typeof(float) => Read<float>(group, field, rows, v => v.ToString("R", CultureInfo.InvariantCulture)),
                _ when type == typeof(double) => Read<double>(group, field, rows, v => v.ToString("R", CultureInfo.InvariantCulture)),
                _ when type == typeof(decimal) => Read<decimal>(group, field, rows, v => v.ToString(CultureInfo.InvariantCulture)),
                _ when type == typeof(DateTime) => Read<DateTime>(group, field, rows, Timestamp),
                _ when type == typeof(DateTimeOffset) => Read<DateTimeOffset>(group, field, rows, v => v.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture)),
                _ when type == typeof(DateOnly) => Read<DateOnly>(group, field, rows, v => v.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                _ when type == typeof(TimeOnly) => Read<TimeOnly>(group, field, rows, v => v.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)),
                _ when type == typeof(TimeSpan) => Read<TimeSpan>(group, field, rows, v => v.ToString("c", CultureInfo.InvariantCulture)),
                _ when type == typeof(Guid) => Read<Guid>(group, field, rows, v => v.ToString()),
                _ when type == typeof(byte[]) || type == typeof(ReadOnlyMemory<byte>) => ReadBytes(group, field, rows),
                _ => throw new InputException($"column '{field.Name}' has a Parquet type JourneyLens does not read ({type.Name}); leave it out with --map ignore={field.Name}", _builder.File),
            };
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw new InputException($"column '{field.Name}' cannot be read: {e.Message}", _builder.File);
        }
    }

    /// <summary>A Parquet timestamp: UTC when the column says so, else a clock time that --timezone places.</summary>
    private static string Timestamp(DateTime value) => value.Kind == DateTimeKind.Utc
        ? value.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
        : value.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static string?[] Read<T>(ParquetRowGroupReader group, DataField field, int rows, Func<T, string> text) where T : struct
    {
        var texts = new string?[rows];
        if (field.IsNullable)
        {
            var values = new T?[rows];
            group.ReadAsync(field, values.AsMemory()).GetAwaiter().GetResult();
            for (var i = 0; i < rows; i++)
            {
                texts[i] = values[i] is { } v ? text(v) : null;
            }
        }
        else
        {
            var values = new T[rows];
            group.ReadAsync(field, values.AsMemory()).GetAwaiter().GetResult();
            for (var i = 0; i < rows; i++)
            {
                texts[i] = text(values[i]);
            }
        }

        return texts;
    }

    private static string?[] ReadStrings(ParquetRowGroupReader group, DataField field, int rows)
    {
        var values = new string?[rows];
        group.ReadAsync(field, values.AsMemory()!).GetAwaiter().GetResult();
        return values;
    }

    private static string?[] ReadBytes(ParquetRowGroupReader group, DataField field, int rows)
    {
        var values = new byte[]?[rows];
        group.ReadAsync(field, values.AsMemory()!).GetAwaiter().GetResult();
        return [.. values.Select(v => v is null ? null : Convert.ToBase64String(v))];
    }

    public void Dispose()
    {
        _reader?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _file.Dispose();
    }
}
