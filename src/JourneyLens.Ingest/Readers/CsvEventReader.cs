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
    private const int MaxRecordBytes = 4 * 1024 * 1024;
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
                yield return RejectMalformed(bad);
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

            fields.Clear();
            for (var i = 0; i < _header.Length; i++)
            {
                fields.Add(new SourceField(_header[i], _targets[i], _reader.GetString(i)));
            }

            yield return _builder.Build(fields, line, RawRecord);
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
                run.Rejections.Add(RejectMalformed(bad).Rejection!);
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

    private ReadItem RejectMalformed(CsvMalformedRecord bad)
    {
        var reason = bad.Reason switch
        {
            CsvMalformedReason.FieldCountMismatch =>
                $"wrong column count: expected {_header.Length} fields (the header's), found {FieldCount(bad.RawRecord)}",
            CsvMalformedReason.StrayQuote => "malformed quoting: a quote inside an unquoted field",
            CsvMalformedReason.TextAfterClosingQuote => "malformed quoting: text after the closing quote of a field",
            CsvMalformedReason.UnterminatedQuote => "malformed quoting: a quoted field is never closed",
            CsvMalformedReason.LineBreakInQuotes => "malformed quoting: a line break inside a quoted field",
            _ => $"malformed row ({bad.Reason})",
        };
        return _builder.Reject(bad.LineNumber, "(row)", reason, null, () => bad.RawRecord);
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
