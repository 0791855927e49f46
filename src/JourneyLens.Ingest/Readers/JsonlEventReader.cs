using System.Text;
using System.Text.Json;
using JourneyLens.Ingest.Mapping;
using JourneyLens.Ingest.Validation;
using JourneyLens.Core.Errors;

namespace JourneyLens.Ingest.Readers;

/// <summary>
/// One JSON object per line: Segment-style messages (<c>type</c>, <c>userId</c>, <c>anonymousId</c>, <c>event</c>,
/// <c>properties</c>, <c>context.channel</c>, <c>traits</c>) or flat objects. Nested objects are flattened to dotted
/// names ("context.channel"); Segment's <c>properties.</c> prefix is dropped from property names. A record holding one
/// array of objects (a session with its events) yields one event per element, each with the record's other fields.
/// </summary>
internal sealed class JsonlEventReader : IEventReader
{
    private readonly CountingStream _stream;
    private readonly ColumnMapping _mapping;
    private readonly RecordBuilder _builder;

    public JsonlEventReader(CountingStream stream, ImportOptions options, ColumnMapping mapping, RecordBuilder builder)
    {
        (_stream, _mapping, _builder) = (stream, mapping, builder);
        if (options.Encoding is null && !InputFile.StartsWithUtf16Mark(stream))
        {
            _utf8 = new Utf8Lines(stream);
        }
        else
        {
            _text = new StreamReader(stream, options.Encoding ?? Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
        }
    }

    private const int MappingSampleRecords = 1000;
    /// <summary>UTF-8 (the default) is read line by line, so that bad bytes are named on their own line.</summary>
    private readonly Utf8Lines? _utf8;

    /// <summary>A file of another encoding (--encoding, or a UTF-16 byte-order mark).</summary>
    private readonly StreamReader? _text;
    private readonly Dictionary<string, FieldTarget> _seen = new(StringComparer.Ordinal);
    private readonly List<List<SourceField>> _records = [];
    private readonly List<List<SourceField>> _lists = [];
    private long _line;

    public InputFormat Format => InputFormat.Jsonl;
    public long BytesRead => _stream.BytesRead;
    public IReadOnlyList<(string Source, FieldTarget Target)> DetectedMapping => _seen.Select(kv => (kv.Key, kv.Value)).ToArray();

    public IEnumerable<ReadItem> Read()
    {
        while (ReadLine() is { } text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var line = _line;
            var records = Read(text, out var error);
            if (records is null)
            {
                yield return _builder.Reject(line, "(line)", error!, null, () => text);
                continue;
            }

            foreach (var fields in records)
            {
                foreach (var item in _builder.BuildAll(fields, line, () => text))
                {
                    yield return item;
                }
            }
        }
    }

    /// <summary>The events of one line, or why the line cannot be read (kept out of the iterator, which stays lean).</summary>
    private List<List<SourceField>>? Read(string text, out string? error)
    {
        using var doc = TryParse(text, out error);
        if (doc is null)
        {
            error = $"invalid JSON: {error}";
            return null;
        }

        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            error = $"expected a JSON object, found {doc.RootElement.ValueKind}";
            return null;
        }

        try
        {
            return Records(doc.RootElement);
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape (\ud800) is valid JSON syntax but no text: it cannot become a name or value.
            error = "text that is not valid Unicode (a lone surrogate escape such as \\ud800)";
            return null;
        }
    }

    /// <summary>The fields of each event a record makes: one, or one per element of its array of objects.</summary>
    /// <remarks>The lists are this reader's own, filled again for every line: read them before the next.</remarks>
    private List<List<SourceField>> Records(JsonElement root)
    {
        _records.Clear();
        var outer = Rented(0);
        JsonElement? nested = null;
        foreach (var p in root.EnumerateObject())
        {
            if (nested is null && IsArrayOfObjects(p.Value))
            {
                nested = p.Value;
                continue;
            }

            Flatten(p.Name, p.Value, outer);
        }

        if (nested is null)
        {
            _records.Add(outer);
            return _records;
        }

        foreach (var element in nested.Value.EnumerateArray())
        {
            var fields = Rented(_records.Count + 1);
            fields.AddRange(outer);
            foreach (var p in element.EnumerateObject())
            {
                Flatten(p.Name, p.Value, fields);
            }

            _records.Add(fields);
        }

        return _records;
    }

    /// <summary>The <paramref name="index"/>-th list of fields, emptied (made once, used for every line).</summary>
    private List<SourceField> Rented(int index)
    {
        while (_lists.Count <= index)
        {
            _lists.Add([]);
        }

        _lists[index].Clear();
        return _lists[index];
    }

    private static JsonDocument? TryParse(string text, out string? error)
    {
        try
        {
            error = null;
            return JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            error = e.Message;
            return null;
        }
    }

    private string? ReadLine()
    {
        _line++;
        try
        {
            return _utf8 is not null ? _utf8.ReadLine() : _text!.ReadLine();
        }
        catch (DecoderFallbackException)
        {
            throw new InputException("the file is not valid UTF-8 here; give its encoding with --encoding latin1", _builder.File, _line);
        }
    }

    private static bool IsArrayOfObjects(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0 && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object);

    private void Flatten(string name, JsonElement value, List<SourceField> into)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in value.EnumerateObject())
            {
                Flatten(name + "." + p.Name, p.Value, into);
            }

            return;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() ?? "",
            JsonValueKind.Null or JsonValueKind.Undefined => "",
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => value.GetRawText(),
        };
        var target = _mapping.Resolve(name);
        if (_seen.Count < MappingSampleRecords && !_seen.ContainsKey(name))
        {
            _seen[name] = target;
        }

        var propertyName = target.Field == Field.Property && name.StartsWith("properties.", StringComparison.Ordinal) ? name["properties.".Length..] : name;
        var existing = into.FindIndex(f => f.Name == propertyName);
        if (existing >= 0)
        {
            into[existing] = new SourceField(propertyName, target, text);
        }
        else
        {
            into.Add(new SourceField(propertyName, target, text));
        }
    }

    public void Dispose()
    {
        _text?.Dispose();
        _stream.Dispose();
    }
}
