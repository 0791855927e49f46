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
internal sealed class JsonlEventReader(CountingStream stream, ImportOptions options, ColumnMapping mapping, RecordBuilder builder) : IEventReader
{
    private const int MappingSampleRecords = 1000;
    private readonly StreamReader _text = new(stream, InputFile.TextEncoding(options), detectEncodingFromByteOrderMarks: true, 1 << 16);
    private readonly Dictionary<string, FieldTarget> _seen = new(StringComparer.Ordinal);
    private long _line;

    public InputFormat Format => InputFormat.Jsonl;
    public long BytesRead => stream.BytesRead;
    public IReadOnlyList<(string Source, FieldTarget Target)> DetectedMapping => _seen.Select(kv => (kv.Key, kv.Value)).ToArray();

    public IEnumerable<ReadItem> Read()
    {
        var outer = new List<SourceField>();
        var fields = new List<SourceField>();
        while (ReadLine() is { } text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var line = _line;
            var doc = TryParse(text, out var error);
            if (doc is null)
            {
                yield return builder.Reject(line, "(line)", $"invalid JSON: {error}", null, () => text);
                continue;
            }

            using (doc)
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    yield return builder.Reject(line, "(line)", $"expected a JSON object, found {doc.RootElement.ValueKind}", null, () => text);
                    continue;
                }

                outer.Clear();
                JsonElement? nested = null;
                foreach (var p in doc.RootElement.EnumerateObject())
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
                    yield return builder.Build(outer, line, () => text);
                    continue;
                }

                foreach (var element in nested.Value.EnumerateArray())
                {
                    fields.Clear();
                    fields.AddRange(outer);
                    foreach (var p in element.EnumerateObject())
                    {
                        Flatten(p.Name, p.Value, fields);
                    }

                    yield return builder.Build(fields, line, () => text);
                }
            }
        }
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
        try
        {
            _line++;
            return _text.ReadLine();
        }
        catch (DecoderFallbackException)
        {
            throw new InputException("the file is not valid UTF-8 here; give its encoding with --encoding latin1", builder.File, _line);
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
        var target = mapping.Resolve(name);
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
        _text.Dispose();
        stream.Dispose();
    }
}
