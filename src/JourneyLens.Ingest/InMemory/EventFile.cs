using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;
using JourneyLens.Ingest.Readers;
using JourneyLens.Ingest.Validation;

namespace JourneyLens.Ingest.InMemory;

/// <summary>
/// An event file read straight into an engine, with nothing stored: the same reading, validation, duplicate detection
/// and identity stitching as an import into an empty workspace, without the database.
/// </summary>
public sealed class EventFile
{
    /// <summary>How many rejected rows are kept with their detail for the report; all are counted.</summary>
    public const int RejectionsKept = 20;

    public required string File { get; init; }
    public required EventTable Events { get; init; }
    public long Accepted { get; init; }
    public long Duplicates { get; init; }
    public long IdentityMessages { get; init; }
    public long Filtered { get; init; }
    public long Quarantined { get; init; }
    public required IReadOnlyDictionary<string, long> QuarantinedByReason { get; init; }
    public required IReadOnlyList<Rejection> FirstRejections { get; init; }

    /// <summary>Free properties by name, indexed by the events' <see cref="EventTable.RowId"/> - 1.</summary>
    private IReadOnlyDictionary<string, List<string?>> PropertiesByRow { get; init; } = new Dictionary<string, List<string?>>();

    private Func<int, string> PersonNameOfIdentifier { get; init; } = _ => "";

    /// <param name="maxErrors">More rejected rows than this stop the reading with an error naming the first.</param>
    public static EventFile Read(string path, ImportOptions options, long? maxErrors = null)
    {
        using var reader = InputFile.Open(Path.GetFullPath(path), options);
        var identifiers = new IdentifierRegistry(options.IdentityRules);
        var eventIds = new EventIdKeys();
        var names = (Touchpoints: new NameCodes("touchpoints", int.MaxValue), Channels: new NameCodes("channels", ushort.MaxValue), Outcomes: new NameCodes("outcomes", ushort.MaxValue, reserveEmpty: true));
        var properties = new Dictionary<string, List<string?>>(StringComparer.Ordinal);
        var builder = new EventTableBuilder(1 << 16);
        var ids = new List<int>(4);
        var byReason = new Dictionary<string, long>(StringComparer.Ordinal);
        var rejections = new List<Rejection>();
        long identityMessages = 0, filtered = 0, quarantined = 0;
        foreach (var item in reader.Read())
        {
            if (item.Outcome == ReadOutcome.Filtered)
            {
                filtered++;
                continue;
            }

            if (item.Rejection is { } rejection)
            {
                quarantined++;
                var key = Rejection.ReasonKey(rejection.Reason);
                byReason[key] = byReason.GetValueOrDefault(key) + 1;
                if (rejections.Count < RejectionsKept)
                {
                    rejections.Add(rejection);
                }

                if (quarantined > maxErrors)
                {
                    throw new InputException($"more than {maxErrors} rows rejected (--max-errors). The first: {rejections[0].Reason}", rejections[0].File, rejections[0].Line, rejections[0].Field);
                }

                continue;
            }

            var r = item.Record!;
            ids.Clear();
            foreach (var identifier in r.Identifiers)
            {
                ids.Add(identifiers.Id(identifier, r.TimestampMs));
            }

            for (var i = 1; i < ids.Count; i++)
            {
                identifiers.Link(ids[0], ids[i]);
            }

            if (r.Kind != RecordKind.Event)
            {
                identityMessages++;
                continue;
            }

            // Without a workspace, identical rows without an event_id are all new (DuplicateFilter); event_ids are
            // checked after reading, by sorting: far cheaper than probing a set of ten million keys per row.
            var row = builder.Count + 1;
            if (r.EventId is { } eventId)
            {
                eventIds.Add(eventId, row);
            }

            builder.Add(row, person: ids[0], r.TimestampMs, r.UtcOffsetMinutes, names.Touchpoints.Code(r.Touchpoint), (ushort)names.Channels.Code(r.Channel),
                r.ScoreType, r.Score is { } score ? (sbyte)score : (sbyte)0, r.About is { } about ? names.Touchpoints.Code(about) : EventTable.NoAbout,
                r.Value ?? double.NaN, r.Outcome is { } outcome ? (ushort)names.Outcomes.Code(outcome) : (ushort)0);
            foreach (var (name, value) in r.Properties)
            {
                if (!properties.TryGetValue(name, out var column))
                {
                    column = [];
                    properties[name] = column;
                }

                while (column.Count < row)
                {
                    column.Add(null);
                }

                column[row - 1] = value;
            }
        }

        var repeated = eventIds.RepeatedRows();
        var (touchpointNames, channelNames, outcomeNames) = (names.Touchpoints.Names, names.Channels.Names, names.Outcomes.Names);
        if (repeated.Count > 0)
        {
            // The import names nothing for a duplicate: a name only a dropped row used goes, the others keep first-use order.
            builder.Remove(repeated);
            var old = builder.RenumberByFirstUse(touchpointNames.Length, channelNames.Length, outcomeNames.Length);
            (touchpointNames, channelNames, outcomeNames) = (Pick(touchpointNames, old.Touchpoints), Pick(channelNames, old.Channels), Pick(outcomeNames, old.Outcomes));
        }

        var persons = identifiers.Stitch();
        builder.MapPersons(persons.PersonOfIdentifier);
        var table = builder.Build(touchpointNames, channelNames, outcomeNames, persons.KeyIdentifierOfPerson.Select(id => id + 1L).ToArray());
        return new EventFile
        {
            File = Path.GetFullPath(path),
            Events = table,
            Accepted = builder.Count,
            Duplicates = repeated.Count,
            IdentityMessages = identityMessages,
            Filtered = filtered,
            Quarantined = quarantined,
            QuarantinedByReason = byReason,
            FirstRejections = rejections,
            PropertiesByRow = properties,
            PersonNameOfIdentifier = identifiers.Name,
        };
    }

    /// <summary>The named properties as columns aligned with <paramref name="events"/> (this file's events, or a subset of them).</summary>
    public IReadOnlyDictionary<string, string?[]> Properties(EventTable events, IEnumerable<string> names)
    {
        var result = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            var values = new string?[events.EventCount];
            if (PropertiesByRow.TryGetValue(name, out var byRow))
            {
                for (var i = 0; i < values.Length; i++)
                {
                    var row = events.RowId[i] - 1;
                    values[i] = row < byRow.Count ? byRow[row] : null;
                }
            }

            result[name] = values;
        }

        return result;
    }

    /// <summary>The name of person <paramref name="person"/> of <see cref="Events"/>: its key identifier as type:value (identifier N is index N - 1).</summary>
    public string PersonName(int person) => PersonNameOfIdentifier((int)Events.PersonKeyIdentifier[person] - 1);

    private static string[] Pick(string[] names, int[] codes) => codes.Select(c => names[c]).ToArray();

    /// <summary>Names numbered in the order first seen, as the workspace numbers touchpoints, channels and outcomes.</summary>
    private sealed class NameCodes(string what, int maxCount, bool reserveEmpty = false)
    {
        private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
        private readonly List<string> _names = reserveEmpty ? [""] : [];

        public string[] Names => [.. _names];

        public int Code(string name)
        {
            if (!_codes.TryGetValue(name, out var code))
            {
                if (_codes.Count >= maxCount)
                {
                    throw new InputException($"more than {maxCount:N0} distinct {what}: is the right column mapped?");
                }

                code = _names.Count;
                _codes[name] = code;
                _names.Add(name);
            }

            return code;
        }
    }
}
