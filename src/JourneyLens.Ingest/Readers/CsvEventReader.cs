using System.Text;
using CsvHelper;
using JourneyLens.Ingest.Mapping;
using JourneyLens.Ingest.Validation;

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
                throw new InputException("the file is not valid UTF-8 here; give its encoding with --encoding latin1", _builder.File, line);
            }

            fields.Clear();
            for (var i = 0; i < _header.Length; i++)
            {
                fields.Add(new SourceField(_header[i], _targets[i], _reader.GetString(i)));
            }

            yield return _builder.Build(fields, line, RawRecord);
        }
    }

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
            throw new InputException("the file is not valid UTF-8 here; give its encoding with --encoding latin1", _builder.File, _reader.LineNumber + 1);
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
