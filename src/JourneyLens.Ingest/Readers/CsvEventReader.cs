using System.Text;
using CsvHelper;
using JourneyLens.Ingest.Mapping;
using JourneyLens.Ingest.Validation;
using JourneyLens.Core.Errors;

namespace JourneyLens.Ingest.Readers;

/// <summary>
/// CSV with a header row (RFC 4180 quoting). The delimiter is detected among , ; | and tab unless given.
/// A row with the wrong number of fields or broken quoting is quarantined; the rest load.
/// </summary>
internal sealed class CsvEventReader : IEventReader
{
    /// <summary>A row larger than this is quarantined (no journey event needs it); the rest of the file reads on.</summary>
    public const int MaxRowBytes = 4 * 1024 * 1024;

    /// <summary>Rows up to this size are read (and quarantined past <see cref="MaxRowBytes"/>); beyond it the file is refused at that line.</summary>
    private const int MaxRecordBytes = 64 * 1024 * 1024;
    private readonly CountingStream _stream;
    private readonly CsvReader _reader;
    private readonly RecordBuilder _builder;
    private readonly string[] _header;
    private readonly FieldTarget[] _targets;
    private readonly Queue<CsvMalformedRecord> _malformed = new();
    private readonly CsvReaderOptions _options;

    /// <summary>The reader would replace invalid bytes; without --encoding the input must be UTF-8, so they are an error.</summary>
    private readonly bool _strictUtf8;

    public CsvEventReader(CountingStream stream, ImportOptions options, ColumnMapping mapping, RecordBuilder builder)
    {
        _stream = stream;
        _builder = builder;
        _strictUtf8 = options.Encoding is null;
        var csvOptions = CsvReaderOptions.Default with
        {
            Separator = options.Delimiter,
            Encoding = options.Encoding,
            TrackLineNumbers = true,
            TrimWhitespace = false,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Skip,
            OnMalformedRecord = _malformed.Enqueue,
            MaxRecordSize = MaxRecordBytes,
            PoolStrings = true,
        };
        _options = csvOptions;
        _reader = CsvReader.Create(stream, csvOptions, leaveOpen: false);
        try
        {
            _header = UniqueNames(Guard(() => _reader.Headers));
            if (_header.Length == 0)
            {
                throw new InputException("the file is empty: a CSV needs a header row", builder.File, 1);
            }

            Delimiter = Guard(() => _reader.Separator).ToString();
        }
        catch
        {
            Dispose();
            throw;
        }

        mapping.CheckExplicitColumnsExist(_header, builder.File);
        _targets = mapping.ResolveHeader(_header);
    }

    public InputFormat Format => InputFormat.Csv;
    public string Delimiter { get; }
    public long BytesRead => _stream.BytesRead;

    public IReadOnlyList<(string Source, FieldTarget Target)> DetectedMapping =>
        _header.Select((h, i) => (h, _targets[i])).ToArray();

    public IEnumerable<ReadItem> Read()
    {
        var fields = new List<SourceField>(_header.Length);
        while (true)
        {
            var more = Guard(_reader.Read);
            while (_malformed.TryDequeue(out var bad))
            {
                foreach (var row in Malformed(bad.LineNumber, bad.Reason, bad.RawRecord))
                {
                    foreach (var item in row.Fields is { } resynced ? _builder.BuildAll(Fields(resynced, fields), row.Line, () => Encoding.UTF8.GetString(row.Raw!)) : [row.Rejection!.Value])
                    {
                        yield return item;
                    }
                }
            }

            if (!more)
            {
                yield break;
            }

            var line = _reader.LineNumber;
            if (_strictUtf8 && !System.Text.Unicode.Utf8.IsValid(_reader.RawRecord))
            {
                throw NotUtf8(line);
            }

            if (_reader.RawRecord.Length > MaxRowBytes)
            {
                yield return TooLarge(line);
                continue;
            }

            fields.Clear();
            for (var i = 0; i < _header.Length; i++)
            {
                fields.Add(new SourceField(_header[i], _targets[i], _reader.GetString(i)));
            }

            foreach (var item in _builder.BuildAll(fields, line, RawRecord))
            {
                yield return item;
            }
        }
    }

    /// <summary>The header names, made unique, and where each column maps.</summary>
    public IReadOnlyList<string> Header => _header;
    public IReadOnlyList<FieldTarget> Targets => _targets;

    /// <summary>True when rows can be read on other threads with <see cref="ReadRaw"/>: the file is UTF-8 and checked as such.</summary>
    public bool CanReadRaw => _strictUtf8;

    /// <summary>
    /// The rows in runs of up to <paramref name="rows"/>, as the file wrote them, for <see cref="OpenRows"/> on other
    /// threads. Rows this reader rejects travel with their run; an error that ends the reading closes the last run.
    /// </summary>
    public IEnumerable<RawRows> ReadRaw(int rows)
    {
        var run = new RawRows(rows);
        while (true)
        {
            bool more;
            try
            {
                more = Guard(_reader.Read);
            }
            catch (InputException e)
            {
                run.Stop = e;
                more = false;
            }

            if (run.Stop is not null)
            {
                // As Read would: the error ends the reading before the rows it skipped are reported.
                yield return run;
                yield break;
            }

            while (_malformed.TryDequeue(out var bad))
            {
                foreach (var row in Malformed(bad.LineNumber, bad.Reason, bad.RawRecord))
                {
                    if (row.Raw is { } raw)
                    {
                        run.Add(raw, row.Line);
                    }
                    else
                    {
                        run.Rejections.Add(row.Rejection!.Value.Rejection!);
                    }
                }
            }

            if (more && !System.Text.Unicode.Utf8.IsValid(_reader.RawRecord))
            {
                run.Stop = NotUtf8(_reader.LineNumber);
                more = false;
            }

            if (!more)
            {
                if (run.Count > 0 || run.Rejections.Count > 0 || run.Stop is not null)
                {
                    yield return run;
                }

                yield break;
            }

            if (_reader.RawRecord.Length > MaxRowBytes)
            {
                run.Rejections.Add(TooLarge(_reader.LineNumber).Rejection!);
                continue;
            }

            run.Add(_reader.RawRecord, _reader.LineNumber);
            if (run.Count == rows)
            {
                yield return run;
                run = new RawRows(rows);
            }
        }
    }

    /// <summary>A reader of one run of <see cref="ReadRaw"/>: no header, this file's delimiter, every row already checked.</summary>
    public CsvReader OpenRows(RawRows run) =>
        CsvReader.Create(run.Bytes, _options with { HasHeader = false, Separator = Delimiter[0], TrackLineNumbers = false, PoolStrings = false, OnMalformedRecord = null });

    private InputException NotUtf8(long line) => new("the file is not valid UTF-8 here; give its encoding with --encoding latin1", _builder.File, line);

    private string RawRecord() => Encoding.UTF8.GetString(_reader.RawRecord);

    /// <summary>A row read again after a quote that was never closed: its bytes and fields, or its rejection.</summary>
    private sealed record ResyncedRow(long Line, byte[]? Raw, string[]? Fields, ReadItem? Rejection);

    private List<SourceField> Fields(string[] values, List<SourceField> into)
    {
        into.Clear();
        for (var i = 0; i < _header.Length; i++)
        {
            into.Add(new SourceField(_header[i], _targets[i], values[i]));
        }

        return into;
    }

    private ReadItem TooLarge(long line) =>
        _builder.Reject(line, "(row)", $"a row of {_reader.RawRecord.Length / (1024.0 * 1024):0.0} MB; at most {MaxRowBytes / (1024 * 1024)} MB", null,
            () => Encoding.UTF8.GetString(_reader.RawRecord[..Math.Min(_reader.RawRecord.Length, 1_000)]) + " …");

    /// <summary>
    /// The rejection of a malformed record. When broken quoting made it span several lines (a quote never closed
    /// swallows the rest of the file; one closed by a stray quote lines later, the lines between), only its first
    /// line is rejected and the lines after it are read again as rows: one stray quote costs one row, never more.
    /// </summary>
    private IEnumerable<ResyncedRow> Malformed(long badLine, CsvMalformedReason reason, string raw)
    {
        var newline = raw.IndexOf('\n', StringComparison.Ordinal);
        if (reason == CsvMalformedReason.FieldCountMismatch || newline < 0)
        {
            yield return new ResyncedRow(badLine, null, null, RejectMalformed(badLine, reason, raw));
            yield break;
        }

        var first = raw[..newline].TrimEnd('\r');
        yield return new ResyncedRow(badLine, null, null, _builder.Reject(badLine, "(row)", "malformed quoting: a quoted field is not closed on its line", null, () => first));
        // Read behind a header of the file's width, so a row is checked against the header's field count (as the
        // file's own rows are), not against the first row that follows.
        var queue = new Queue<CsvMalformedRecord>();
        var header = string.Join(Delimiter, Enumerable.Range(0, _header.Length).Select(i => $"c{i}"));
        using var rest = CsvReader.Create(new MemoryStream(Encoding.UTF8.GetBytes(header + "\n" + raw[(newline + 1)..])),
            _options with { HasHeader = true, Separator = Delimiter[0], TrackLineNumbers = true, PoolStrings = false, OnMalformedRecord = queue.Enqueue }, leaveOpen: false);
        _ = rest.Headers;
        while (true)
        {
            var more = rest.Read();
            while (queue.TryDequeue(out var again))
            {
                // Line numbers of the rest count the header put before it: its line 2 is the line after the rejected one.
                foreach (var row in Malformed(again.LineNumber - 1 + badLine, again.Reason, again.RawRecord))
                {
                    yield return row;
                }
            }

            if (!more)
            {
                yield break;
            }

            var line = rest.LineNumber - 1 + badLine;
            yield return rest.RawRecord.Length > MaxRowBytes
                ? new ResyncedRow(line, null, null, _builder.Reject(line, "(row)", $"a row larger than {MaxRowBytes / (1024 * 1024)} MB", null, () => ""))
                : new ResyncedRow(line, rest.RawRecord.ToArray(), [.. Enumerable.Range(0, _header.Length).Select(rest.GetString)], null);
        }
    }

    private ReadItem RejectMalformed(long line, CsvMalformedReason why, string raw)
    {
        var reason = why switch
        {
            CsvMalformedReason.FieldCountMismatch =>
                $"wrong column count: expected {_header.Length} fields (the header's), found {FieldCount(raw)}",
            CsvMalformedReason.StrayQuote => "malformed quoting: a quote inside an unquoted field",
            CsvMalformedReason.TextAfterClosingQuote => "malformed quoting: text after the closing quote of a field",
            CsvMalformedReason.UnterminatedQuote => "malformed quoting: a quoted field is never closed",
            CsvMalformedReason.LineBreakInQuotes => "malformed quoting: a line break inside a quoted field",
            _ => $"malformed row ({why})",
        };
        return _builder.Reject(line, "(row)", reason, null, () => raw);
    }

    /// <summary>A field count for the message only; the rejected row is kept raw in the quarantine file.</summary>
    private int FieldCount(string raw)
    {
        var count = 1;
        var quoted = false;
        foreach (var c in raw)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && Delimiter.Length == 1 && c == Delimiter[0])
            {
                count++;
            }
        }

        return count;
    }

    private T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (DecoderFallbackException)
        {
            throw NotUtf8(_reader.LineNumber + 1);
        }
        catch (CsvFormatException e)
        {
            throw new InputException($"unreadable CSV: {e.Message}", _builder.File, e.LineNumber);
        }
    }

    /// <summary>Repeated header names get a suffix, so every property key of a row is unique.</summary>
    private static string[] UniqueNames(IReadOnlyList<string> header)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var names = new string[header.Count];
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim().TrimStart('\uFEFF');
            if (name.Length == 0)
            {
                name = $"column {i + 1}";
            }

            var unique = name;
            for (var k = 2; !seen.Add(unique); k++)
            {
                unique = $"{name} ({k})";
            }

            names[i] = unique;
        }

        return names;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _stream.Dispose();
    }
}
