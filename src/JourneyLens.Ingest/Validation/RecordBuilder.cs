using System.Globalization;
using JourneyLens.Core.Events;
using JourneyLens.Ingest.Mapping;
using JourneyLens.Core.Errors;

namespace JourneyLens.Ingest.Validation;

/// <summary>
/// The one place where a source record becomes an <see cref="EventRecord"/> or a <see cref="Rejection"/>:
/// every reader (CSV, JSONL, XES) hands its fields here, so the rules and the messages are the same for all.
/// </summary>
public sealed class RecordBuilder(ImportOptions options, string file)
{
    private readonly TimestampParser _timestamps = new(options.TimestampFormat, options.TimeZone, options.TimestampUnit);

    /// <summary>Only a column the user mapped with <c>--map type=…</c> must hold Segment message types.</summary>
    private readonly bool _messageTypeMapped = options.Map.Any(m => string.Equals(m.Key.Trim(), "type", StringComparison.OrdinalIgnoreCase));

    private readonly RowEvents _rowEvents = new(options);

    public string File { get; } = file;

    /// <summary>Whether a record can make several events (<see cref="BuildRow"/>): wide rows with step or flag columns.</summary>
    public bool WideRows => options.WideRows;

    /// <summary>The events of a wide row (<see cref="ImportOptions.Steps"/>, <see cref="ImportOptions.Flags"/>); one rejection for the whole row if any part is bad.</summary>
    public IReadOnlyList<ReadItem> BuildRow(IReadOnlyList<SourceField> fields, long line, Func<string> raw) => _rowEvents.Build(this, fields, line, raw);

    /// <summary>What one source record makes: its event (or rejection), or a wide row's events.</summary>
    public IReadOnlyList<ReadItem> BuildAll(IReadOnlyList<SourceField> fields, long line, Func<string> raw) =>
        WideRows ? BuildRow(fields, line, raw) : [Build(fields, line, raw)];

    /// <param name="raw">The source text of the record, for the quarantine file; called only on rejection.</param>
    /// <param name="eventIdSuffix">Makes the event id of each event of a wide row its own.</param>
    public ReadItem Build(IReadOnlyList<SourceField> fields, long line, Func<string> raw, string? eventIdSuffix = null)
    {
        SourceField? timestamp = null, date = null, time = null, touchpoint = null, score = null, scoreType = null, value = null, messageType = null, offset = null;
        string? channel = null, eventId = null, about = null, outcome = null, lifecycle = null, previousId = null, contact = null;
        var identifiers = new List<Identifier>(2);
        var blocked = default(SourceField?);
        var properties = new List<KeyValuePair<string, string>>();

        foreach (var read in fields)
        {
            var f = read;
            if (f.Value.Length > options.MaxValueLength)
            {
                return Reject(line, f.Name, $"value is longer than {options.MaxValueLength} characters", f.Value[..Math.Min(80, f.Value.Length)] + "…", raw);
            }

            if (options.Labels.Count > 0 && options.Labels.TryGetValue(f.Name, out var labels) && f.Value.Trim().Length > 0)
            {
                if (!labels.TryGetValue(f.Value.Trim(), out var label))
                {
                    return Reject(line, f.Name, $"a code without a label; labelled: {string.Join(", ", labels.Keys.Take(20))}", f.Value, raw);
                }

                f = f with { Value = label };
            }

            switch (f.Target.Field)
            {
                case Field.Timestamp: timestamp = f; break;
                case Field.Date: date = f; break;
                case Field.Time: time = f; break;
                case Field.Touchpoint: touchpoint = f; break;
                case Field.Channel: channel = f.Value; break;
                case Field.EventId: eventId = Blank(f.Value) is { } id0 ? id0 + eventIdSuffix : null; break;
                case Field.Offset: offset = f; break;
                case Field.ContactId: contact = Blank(f.Value); break;
                case Field.Score: score = f; break;
                case Field.ScoreType: scoreType = f; break;
                case Field.About: about = Blank(f.Value); break;
                case Field.Value: value = f; break;
                case Field.Outcome: outcome = Blank(f.Value); break;
                case Field.Lifecycle:
                    lifecycle = f.Value;
                    properties.Add(new(f.Name, f.Value));
                    break;
                case Field.MessageType: messageType = f; break;
                case Field.PreviousId: previousId = Blank(f.Value); break;
                case Field.Ignored or Field.Step or Field.Flag: break;
                case Field.Identifier:
                    var id = new Identifier(f.Target.IdentifierType!, f.Value.Trim());
                    if (id.Value.Length == 0)
                    {
                        break;
                    }

                    if (options.IdentityRules.IsBlocked(id))
                    {
                        blocked ??= f;
                        properties.Add(new(f.Name, f.Value));
                    }
                    else if (!identifiers.Contains(id))
                    {
                        identifiers.Add(id);
                    }

                    break;
                default:
                    if (f.Value.Length > 0)
                    {
                        properties.Add(new(f.Name, f.Value));
                    }

                    break;
            }
        }

        if (options.Lifecycle is not null && !string.Equals(lifecycle?.Trim(), options.Lifecycle, StringComparison.OrdinalIgnoreCase))
        {
            return ReadItem.Filter();
        }

        if (properties.Count > options.MaxProperties)
        {
            return Reject(line, "(properties)", $"more than {options.MaxProperties} properties", properties.Count.ToString(CultureInfo.InvariantCulture), raw);
        }

        if (date is { } d)
        {
            timestamp = Combine(d, time);
        }

        var kind = RecordKind.Event;
        var defaultTouchpoint = (string?)null;
        var defaultChannel = options.DefaultChannel;
        switch (messageType?.Value.Trim().ToLowerInvariant())
        {
            case null or "" or "track": break;
            case "page": (defaultTouchpoint, defaultChannel) = ("page viewed", defaultChannel ?? "web"); break;
            case "screen": (defaultTouchpoint, defaultChannel) = ("screen viewed", defaultChannel ?? "app"); break;
            case "identify": kind = RecordKind.Identify; break;
            case "alias": kind = RecordKind.Alias; break;
            case var _ when !_messageTypeMapped:
                // A column merely named "type" in a file that is not Segment-shaped (a complaint type, a product type)
                // is data, not a message type: it stays on the event as an ordinary property.
                properties.Add(new(messageType.Value.Name, messageType.Value.Value));
                break;
            default:
                return Reject(line, messageType.Value.Name, "unknown message type; expected track, page, screen, identify or alias"
                    + $" (if this column is not a Segment message type, map it as data: --map property={messageType.Value.Name})", messageType.Value.Value, raw);
        }

        if (previousId is not null)
        {
            var prev = new Identifier("anonymous_id", previousId);
            if (!options.IdentityRules.IsBlocked(prev) && !identifiers.Contains(prev))
            {
                identifiers.Add(prev);
            }
        }

        if (identifiers.Count == 0)
        {
            return blocked is { } b
                ? Reject(line, b.Name, "no usable identifier: this value is a stand-in (null, 0, guest, …) that identifies nobody", b.Value, raw)
                : Reject(line, "(identifier)", "no identifier: the record has no customer_id, case_id, user id, anonymous id, e-mail or phone (map one with --map customer_id=COLUMN)", null, raw);
        }

        long ts;
        int offsetMinutes;
        if ((timestamp is null || timestamp.Value.Value.Trim().Length == 0) && kind != RecordKind.Event && options.ReceivedAt is { } received)
        {
            // Segment's rule for a message without its own time: it happened when it was received. An identity link
            // needs no more than that, and dropping it would split a person in two.
            (ts, offsetMinutes) = (received.ToUnixTimeMilliseconds(), 0);
        }
        else if (timestamp is null || timestamp.Value.Value.Trim().Length == 0)
        {
            return Reject(line, timestamp?.Name ?? "timestamp", "missing timestamp", null, raw);
        }
        else
        {
            switch (_timestamps.TryParse(timestamp.Value.Value, out ts, out offsetMinutes))
            {
                case TimestampStatus.Unparseable:
                    return Reject(line, timestamp.Value.Name, "unparseable timestamp; expected ISO-8601 with offset, yyyy/MM/dd HH:mm:ss.fff, Unix seconds or milliseconds, or the --timestamp-format", timestamp.Value.Value, raw);
                case TimestampStatus.InvalidInZone:
                    return Reject(line, timestamp.Value.Name, $"this clock time does not exist in {options.TimeZone!.Id} (skipped by a daylight-saving change)", timestamp.Value.Value, raw);
                case TimestampStatus.ImplausibleNumber:
                    return Reject(line, timestamp.Value.Name, "a number that read as Unix seconds or milliseconds is a time before 1990 or after 2100; "
                        + "if it is in another unit or is an offset, give the unit with --timestamp-unit s, ms or us", timestamp.Value.Value, raw);
                case TimestampStatus.NoOffset:
                    throw new InputException($"timestamp '{timestamp.Value.Value}' has no UTC offset; give the zone it was written in with --timezone (e.g. --timezone UTC or --timezone Europe/Amsterdam)", File, line, timestamp.Value.Name);
            }

            if (offset is { } o)
            {
                if (!TimestampParser.TryReadOffset(o.Value, options.OffsetUnit!.Value, out var offsetMs))
                {
                    return Reject(line, o.Name, $"the offset is not a number of {TimestampParser.UnitName(options.OffsetUnit.Value)}", o.Value, raw);
                }

                ts += offsetMs;
            }
        }

        var touchpointName = touchpoint?.Value.Trim();
        if (kind == RecordKind.Event && string.IsNullOrEmpty(touchpointName))
        {
            touchpointName = defaultTouchpoint;
            if (touchpointName is null)
            {
                return Reject(line, touchpoint?.Name ?? "touchpoint", touchpoint is null ? "missing touchpoint (map the activity or event column with --map touchpoint=COLUMN)" : "empty touchpoint", null, raw);
            }
        }

        var type = ScoreType.None;
        int? scoreValue = null;
        if (score is { } s && s.Value.Trim().Length > 0)
        {
            if (scoreType is null || scoreType.Value.Value.Trim().Length == 0)
            {
                return Reject(line, s.Name, "a score needs a score_type (nps, csat or ces)", s.Value, raw);
            }

            if (!ScoreScales.TryParse(scoreType.Value.Value, out type))
            {
                return Reject(line, scoreType.Value.Name, "unknown score_type; expected nps, csat or ces", scoreType.Value.Value, raw);
            }

            if (!double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number != Math.Floor(number))
            {
                return Reject(line, s.Name, "score is not a whole number", s.Value, raw);
            }

            var (min, max) = ScoreScales.Range(type);
            if (number < min || number > max)
            {
                return Reject(line, s.Name, $"score out of range: {ScoreScales.Name(type)} is {min}–{max}", s.Value, raw);
            }

            scoreValue = (int)number;
        }
        else if (scoreType is { } st && st.Value.Trim().Length > 0)
        {
            properties.Add(new(st.Name, st.Value));
        }

        double? money = null;
        if (value is { } v && v.Value.Trim().Length > 0)
        {
            if (!double.TryParse(v.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) || !double.IsFinite(m))
            {
                return Reject(line, v.Name, "value is not a number (use a '.' as decimal point)", v.Value, raw);
            }

            money = m;
        }

        return ReadItem.Accept(new EventRecord
        {
            Kind = kind,
            TimestampMs = ts,
            UtcOffsetMinutes = (short)offsetMinutes,
            Identifiers = identifiers,
            Channel = Channels.Normalize(channel ?? defaultChannel),
            Touchpoint = touchpointName ?? "",
            EventId = eventId,
            ScoreType = type,
            Score = scoreValue,
            About = about,
            Value = money,
            Outcome = outcome,
            ContactId = contact,
            Properties = properties,
            SourceLine = line,
        });
    }

    public ReadItem Reject(long line, string field, string reason, string? found, Func<string> raw) =>
        ReadItem.Reject(new Rejection(File, line, field, reason, found, Truncate(raw())));

    private static string Truncate(string raw) => raw.Length <= 2000 ? raw : raw[..2000] + "…";

    private static string? Blank(string value)
    {
        var t = value.Trim();
        return t.Length == 0 ? null : t;
    }

    /// <summary>
    /// A date column and a time-of-day column read as one timestamp "DATE TIME" (formats: the usual ones, or
    /// <c>--timestamp-format</c> for the joined text, e.g. "yyMMdd H:mm:ss"); no time, or an empty one, is the start of the day.
    /// </summary>
    private static SourceField Combine(SourceField date, SourceField? time)
    {
        var clock = time?.Value.Trim() ?? "";
        if (clock.Length > 1 && char.IsAsciiDigit(clock[0]) && clock[1] == ':')
        {
            clock = "0" + clock; // "9:05:00", as call-centre exports write it, in the two-digit hour the usual formats take
        }

        var name = time is { } t ? $"{date.Name}+{t.Name}" : date.Name;
        return new SourceField(name, new FieldTarget(Field.Timestamp), clock.Length == 0 || date.Value.Trim().Length == 0
            ? date.Value.Trim()
            : $"{date.Value.Trim()} {clock}");
    }
}
