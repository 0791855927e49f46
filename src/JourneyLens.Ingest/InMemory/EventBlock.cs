using System.Runtime.InteropServices;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;
using JourneyLens.Ingest.Validation;
using JourneyLens.Core.Errors;

namespace JourneyLens.Ingest.InMemory;

/// <summary>
/// The events of a run of rows with everything numbered within the run: identifiers, names and property values
/// in the order first seen there. Runs are read on several threads and joined in file order by <see cref="EventFile"/>,
/// which renumbers each run's codes once instead of looking up every row in the file's big tables.
/// </summary>
internal sealed class EventBlock
{
    private readonly List<int> _ids = new(4);

    /// <summary>Events with person = identifier, touchpoint/channel codes of <see cref="Touchpoints"/>/<see cref="Channels"/>, outcome = code + 1 (0: none).</summary>
    public EventTableBuilder Events { get; } = new(1 << 15);

    public SpanNames Touchpoints { get; } = new();
    public SpanNames Channels { get; } = new();
    public SpanNames Outcomes { get; } = new();

    /// <summary>Identifiers in the order first seen: type, value and earliest time.</summary>
    public List<(string Type, string Value, long FirstSeenMs)> Identifiers { get; } = [];

    /// <summary>Each pair of identifiers seen together, once, in the order first seen (first, other).</summary>
    /// <summary>Each pair of identifiers seen together once, with the earliest time in this run.</summary>
    /// <summary>Each pair linked once, with the earliest time it was seen and the line it was first met on.</summary>
    public List<(int A, int B, long SeenMs, long Line)> Links { get; } = [];

    /// <summary>The source line of the record being added (links remember where they were first met).</summary>
    public long Line { get; set; }

    /// <summary>The event_id key of each event that has one, with its row (from 1).</summary>
    public List<(long Key, int Row)> EventIds { get; } = [];

    /// <summary>Free properties by name: the rows (from 1) that have one, and the value of each.</summary>
    public Dictionary<string, PropertyColumn> Properties { get; } = new(StringComparer.Ordinal);

    /// <summary>Rows rejected, in line order once <see cref="SortRejections"/> ran.</summary>
    public List<Rejection> Rejections { get; } = [];

    /// <summary>Bytes of the file this block was read from (0 when not known): the first block sizes the file's tables.</summary>
    public long SourceBytes { get; set; }

    public long Filtered { get; set; }
    public long IdentityMessages { get; set; }

    /// <summary>An error that ends the reading at this run; the rows and rejections before it count.</summary>
    public InputException? Stop { get; set; }

    private readonly Dictionary<string, Dictionary<string, int>> _identifierByType = new(StringComparer.Ordinal);
    private readonly Dictionary<(int, int), int> _linked = []; // the pair's index in Links
    private (string? Name, PropertyColumn? Column) _lastProperty;

    /// <summary>The identifier's number in this run, its earliest time moved to <paramref name="timestampMs"/> if earlier.</summary>
    public int Identifier(string type, ReadOnlySpan<char> value, long timestampMs)
    {
        var values = IdentifiersOfType(type);
        if (values.TryGetValue(value, out var id))
        {
            Seen(id, timestampMs);
            return id;
        }

        id = Identifiers.Count;
        var text = value.ToString();
        values.Dictionary.Add(text, id);
        Identifiers.Add((type, text, timestampMs));
        return id;
    }

    /// <summary>This run's identifiers of one type by value: a reader looks up a known one with one probe.</summary>
    public Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> IdentifiersOfType(string type)
    {
        if (!_identifierByType.TryGetValue(type, out var values))
        {
            values = new Dictionary<string, int>(StringComparer.Ordinal);
            _identifierByType[type] = values;
        }

        return values.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>An identifier already numbered in this run seen again in a record (<see cref="AddIdentifier"/> for one that may be new).</summary>
    public void AddKnownIdentifier(int id, long timestampMs)
    {
        Seen(id, timestampMs);
        if (!_ids.Contains(id))
        {
            _ids.Add(id);
        }
    }

    private void Seen(int id, long timestampMs)
    {
        var (type, value, firstSeen) = Identifiers[id];
        if (timestampMs < firstSeen)
        {
            Identifiers[id] = (type, value, timestampMs);
        }
    }

    /// <summary>Starts the identifiers of one record; <see cref="AddIdentifier"/> each, then <see cref="LinkIdentifiers"/>.</summary>
    public void BeginIdentifiers() => _ids.Clear();

    /// <summary>Adds an identifier of the record, known or new in this run; returns its number in the run.</summary>
    public int AddIdentifier(string type, ReadOnlySpan<char> value, long timestampMs)
    {
        var id = Identifier(type, value, timestampMs);
        if (!_ids.Contains(id))
        {
            _ids.Add(id);
        }

        return id;
    }

    /// <summary>Links the record's first identifier with each other one, seen at <paramref name="timestampMs"/>; returns the first (the event's person until stitching).</summary>
    public int LinkIdentifiers(long timestampMs)
    {
        for (var i = 1; i < _ids.Count; i++)
        {
            var (a, b) = (_ids[0], _ids[i]);
            if (a == b)
            {
                continue;
            }

            ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(_linked, a < b ? (a, b) : (b, a), out var known);
            if (!known)
            {
                index = Links.Count;
                Links.Add((a, b, timestampMs, Line));
            }
            else if (timestampMs < Links[index].SeenMs)
            {
                Links[index] = Links[index] with { SeenMs = timestampMs };
            }
        }

        return _ids[0];
    }

    /// <summary>Adds an event; returns its row in this run (from 1).</summary>
    public int AddEvent(int person, long timestampMs, short utcOffsetMinutes, int touchpoint, int channel, ScoreType scoreType, sbyte score, int about, double value, int outcome, long? eventIdKey, int contact = 0)
    {
        var row = Events.Count + 1;
        Events.Add(row, person, timestampMs, utcOffsetMinutes, touchpoint, (ushort)channel, scoreType, score, about, value, (ushort)outcome, contact);
        if (eventIdKey is { } key)
        {
            EventIds.Add((key, row));
        }

        return row;
    }

    public void AddProperty(string name, int row, ReadOnlySpan<char> value)
    {
        // Most files have one or two property columns: the last one's name (the same string each row) saves the lookup.
        if (!ReferenceEquals(name, _lastProperty.Name) && !Properties.TryGetValue(name, out _lastProperty.Column))
        {
            _lastProperty.Column = new PropertyColumn();
            Properties[name] = _lastProperty.Column;
        }

        _lastProperty.Name = name;
        var column = _lastProperty.Column!;

        column.Rows.Add(row);
        column.Codes.Add(column.Distinct.Code(value));
    }

    /// <summary>An accepted record of any reader (identifiers, then the event unless it only links identifiers).</summary>
    public void Add(EventRecord r)
    {
        Line = r.SourceLine;
        BeginIdentifiers();
        foreach (var identifier in r.Identifiers)
        {
            AddIdentifier(identifier.Type, identifier.Value, r.TimestampMs);
        }

        var person = LinkIdentifiers(r.TimestampMs);
        if (r.Kind != RecordKind.Event)
        {
            IdentityMessages++;
            return;
        }

        var touchpoint = Touchpoints.Code(r.Touchpoint);
        var about = r.About is { } a ? Touchpoints.Code(a) : EventTable.NoAbout;
        var row = AddEvent(person, r.TimestampMs, r.UtcOffsetMinutes, touchpoint, Channels.Code(r.Channel), r.ScoreType,
            r.Score is { } score ? (sbyte)score : (sbyte)0, about, r.Value ?? double.NaN, r.Outcome is { } outcome ? Outcomes.Code(outcome) + 1 : 0,
            r.EventId is { } eventId ? DedupeKey.OfEventId(eventId) : null, EventTable.ContactCode(r.ContactId));
        foreach (var (name, value) in r.Properties)
        {
            AddProperty(name, row, value);
        }
    }

    /// <summary>What a reader returned: a record, a rejection, or a row an option filtered out.</summary>
    public void Add(ReadItem item)
    {
        switch (item.Outcome)
        {
            case ReadOutcome.Filtered: Filtered++; break;
            case ReadOutcome.Rejected: Rejections.Add(item.Rejection!); break;
            default: Add(item.Record!); break;
        }
    }

    /// <summary>Rejections of the reading thread and of the validating thread into one line order.</summary>
    public void SortRejections()
    {
        var sorted = Rejections.OrderBy(r => r.Line).ToList();
        Rejections.Clear();
        Rejections.AddRange(sorted);
    }

    public void Clear()
    {
        Events.Clear();
        Touchpoints.Clear();
        Channels.Clear();
        Outcomes.Clear();
        Identifiers.Clear();
        Links.Clear();
        EventIds.Clear();
        Properties.Clear();
        Rejections.Clear();
        (Filtered, IdentityMessages, Stop, SourceBytes) = (0, 0, null, 0);
        _identifierByType.Clear();
        _linked.Clear();
        _lastProperty = default;
    }

    /// <summary>The rows that have a property, and its value in each as a code of <see cref="Distinct"/>.</summary>
    public sealed class PropertyColumn
    {
        public List<int> Rows { get; } = [];
        public List<int> Codes { get; } = [];
        public SpanNames Distinct { get; } = new();
    }
}
