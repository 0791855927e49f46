using System.Xml;
using JourneyLens.Ingest.Mapping;
using JourneyLens.Ingest.Validation;
using JourneyLens.Core.Errors;

namespace JourneyLens.Ingest.Readers;

/// <summary>
/// XES (IEEE 1849) event logs, streamed with <see cref="XmlReader"/>. Trace attributes are named <c>case:KEY</c>
/// (so the trace's <c>concept:name</c> becomes the case identifier); event attributes keep their key. Only the XES
/// standard keys are recognised: a log's own attributes (such as <c>customer</c>) stay properties unless mapped.
/// Events are buffered per trace because trace attributes may follow the events in the file.
/// </summary>
internal sealed class XesEventReader(CountingStream stream, ColumnMapping mapping, RecordBuilder builder) : IEventReader
{
    private const string TracePrefix = "case:";
    private const int MaxEventsPerTrace = 1_000_000;

    private readonly XmlReader _xml = Open(stream, builder.File);

    /// <summary>The XML reader; a file whose start is not XML at all (its encoding, say) is refused as a whole, with its line.</summary>
    private static XmlReader Open(CountingStream stream, string file)
    {
        try
        {
            return XmlReader.Create(stream, new XmlReaderSettings
            {
                IgnoreWhitespace = true,
                IgnoreComments = true,
                IgnoreProcessingInstructions = true,
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                MaxCharactersInDocument = 0,
                CloseInput = true,
            });
        }
        catch (XmlException e)
        {
            throw new InputException($"not readable as XML: {e.Message}", file, e.LineNumber);
        }
    }

    private readonly Dictionary<string, FieldTarget> _seen = new(StringComparer.Ordinal);
    private bool _onNextNode;

    public InputFormat Format => InputFormat.Xes;
    public long BytesRead => stream.BytesRead;
    public IReadOnlyList<(string Source, FieldTarget Target)> DetectedMapping => _seen.Select(kv => (kv.Key, kv.Value)).ToArray();

    /// <summary>The XES standard extension keys; everything else is a property unless <c>--map</c> says otherwise.</summary>
    public static FieldTarget Recognise(string key) => key switch
    {
        "concept:name" => new FieldTarget(Field.Touchpoint),
        "time:timestamp" => new FieldTarget(Field.Timestamp),
        "lifecycle:transition" => new FieldTarget(Field.Lifecycle),
        "identity:id" => new FieldTarget(Field.EventId),
        "case:concept:name" => new FieldTarget(Field.Identifier, "case_id"),
        _ => FieldTarget.Property,
    };

    private int Line => ((IXmlLineInfo)_xml).LineNumber;

    public IEnumerable<ReadItem> Read()
    {
        var traceFields = new List<SourceField>();
        var events = new List<(long Line, List<SourceField> Fields)>();
        var fields = new List<SourceField>();
        var inTrace = false;
        while (true)
        {
            var step = Step(out var error);
            if (error is not null)
            {
                foreach (var item in RejectIncomplete(events, error))
                {
                    yield return item;
                }

                yield break;
            }

            if (step == XmlStep.End)
            {
                yield break;
            }

            if (step == XmlStep.TraceStart)
            {
                inTrace = true;
                traceFields.Clear();
                events.Clear();
            }
            else if (step == XmlStep.EventStart && inTrace)
            {
                var line = Line;
                var attributes = ReadEventAttributes(out error);
                if (error is not null)
                {
                    events.Add((line, []));
                    foreach (var item in RejectIncomplete(events, error))
                    {
                        yield return item;
                    }

                    yield break;
                }

                if (events.Count >= MaxEventsPerTrace)
                {
                    throw new InputException($"a trace has more than {MaxEventsPerTrace:N0} events", builder.File, line);
                }

                events.Add((line, attributes));
            }
            else if (step == XmlStep.Attribute && inTrace)
            {
                AddAttribute(TracePrefix + _xml.GetAttribute("key"), _xml.GetAttribute("value"), traceFields);
                if (SkipChildren() is { } broken)
                {
                    foreach (var item in RejectIncomplete(events, broken))
                    {
                        yield return item;
                    }

                    yield break;
                }
            }
            else if (step == XmlStep.TraceEnd)
            {
                inTrace = false;
                foreach (var (line, eventFields) in events)
                {
                    fields.Clear();
                    fields.AddRange(traceFields);
                    fields.AddRange(eventFields);
                    foreach (var item in builder.BuildAll(fields, line, () => RawEvent(traceFields, eventFields)))
                    {
                        yield return item;
                    }
                }

                events.Clear();
            }
        }
    }

    private enum XmlStep
    {
        End,
        TraceStart,
        TraceEnd,
        EventStart,
        Attribute,
    }

    /// <summary>Advances to the next element that matters; XML errors are returned, not thrown, so the reader can quarantine.</summary>
    private XmlStep Step(out string? error)
    {
        error = null;
        try
        {
            while (_onNextNode || _xml.Read())
            {
                _onNextNode = false;
                if (_xml.NodeType == XmlNodeType.EndElement && _xml.LocalName == "trace")
                {
                    return XmlStep.TraceEnd;
                }

                if (_xml.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                switch (_xml.LocalName)
                {
                    case "log":
                        continue;
                    case "trace":
                        if (_xml.IsEmptyElement)
                        {
                            continue;
                        }

                        return XmlStep.TraceStart;
                    case "event":
                        return XmlStep.EventStart;
                    case "extension" or "global" or "classifier":
                        _xml.Skip(); // leaves the reader on the node after the element
                        _onNextNode = !_xml.EOF;
                        continue;
                    default:
                        if (_xml.Depth == 1)
                        {
                            if (SkipChildren() is { } broken) // a log-level attribute
                            {
                                error = broken;
                                return XmlStep.End;
                            }

                            continue;
                        }

                        return XmlStep.Attribute;
                }
            }

            return XmlStep.End;
        }
        catch (XmlException e)
        {
            error = e.Message;
            return XmlStep.End;
        }
    }

    private List<SourceField> ReadEventAttributes(out string? error)
    {
        error = null;
        var attributes = new List<SourceField>();
        if (_xml.IsEmptyElement)
        {
            return attributes;
        }

        try
        {
            var depth = _xml.Depth;
            while (_xml.Read())
            {
                if (_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == depth)
                {
                    break;
                }

                if (_xml.NodeType == XmlNodeType.Element && _xml.Depth == depth + 1)
                {
                    AddAttribute(_xml.GetAttribute("key"), _xml.GetAttribute("value"), attributes);
                    if (SkipChildren() is { } broken)
                    {
                        error = broken;
                        return attributes;
                    }
                }
            }
        }
        catch (XmlException e)
        {
            error = e.Message;
        }

        return attributes;
    }

    /// <summary>
    /// Nested attributes (lists, containers, meta-attributes) are not part of the flat event; their parent is. Returns
    /// the XML error that stopped it, if one did (the caller rejects what it cannot finish).
    /// </summary>
    private string? SkipChildren()
    {
        if (_xml.IsEmptyElement)
        {
            return null;
        }

        try
        {
            var depth = _xml.Depth;
            while (_xml.Read() && !(_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == depth))
            {
            }

            return null;
        }
        catch (XmlException e)
        {
            return e.Message;
        }
    }

    private void AddAttribute(string? key, string? value, List<SourceField> into)
    {
        if (key is null or "" or TracePrefix || value is null)
        {
            return;
        }

        var target = mapping.Resolve(key);
        if (_seen.Count < 1000 && !_seen.ContainsKey(key))
        {
            _seen[key] = target;
        }

        into.Add(new SourceField(key, target, value));
    }

    private IEnumerable<ReadItem> RejectIncomplete(List<(long Line, List<SourceField> Fields)> events, string error)
    {
        var reason = $"invalid XML: {error}; nothing after this point could be read";
        if (events.Count == 0)
        {
            yield return builder.Reject(Line, "(xml)", reason, null, () => "");
            yield break;
        }

        foreach (var (line, eventFields) in events)
        {
            yield return builder.Reject(line, "(xml)", "in a trace that the XML error cuts short: " + reason, null, () => RawEvent([], eventFields));
        }
    }

    private static string RawEvent(List<SourceField> traceFields, List<SourceField> eventFields) =>
        string.Join("; ", traceFields.Concat(eventFields).Select(f => $"{f.Name}={f.Value}"));

    public void Dispose()
    {
        _xml.Dispose();
        stream.Dispose();
    }
}
