using JourneyLens.Ingest.Mapping;

namespace JourneyLens.Ingest.Validation;

/// <summary>
/// A wide row made into several events (docs/importing.md, "Wide rows"): one per step column whose time is not empty or
/// zero, one per set flag column, and the row's own event when a touchpoint column is mapped explicitly. Every event
/// carries the row's other fields; its event id (if any) gets the column's name, so each is its own event; together they
/// are one contact (a call), named by file and line unless a contact_id column names it.
/// </summary>
internal sealed class RowEvents(ImportOptions options)
{
    private const long DayMs = 86_400_000;

    /// <summary>Step columns hold times of day on the row's date column.</summary>
    private readonly bool _dated = options.Map.Any(m => FieldNames.ParseTarget(m.Key)?.Field == Field.Date);

    /// <summary>Only a touchpoint column the user mapped makes an event of the row itself; a recognised one stays data.</summary>
    private readonly bool _ownEvent = options.Map.Any(m => FieldNames.ParseTarget(m.Key)?.Field == Field.Touchpoint);

    public IReadOnlyList<ReadItem> Build(RecordBuilder builder, IReadOnlyList<SourceField> fields, long line, Func<string> raw)
    {
        var items = Events(builder, fields, line, raw);
        if (items.Count > 1 && items[0].Outcome == ReadOutcome.Accepted)
        {
            // The events of one row are one contact (one call), unless a contact_id column says otherwise.
            var contact = $"{Path.GetFileName(builder.File)}:{line}";
            for (var k = 0; k < items.Count; k++)
            {
                items[k] = ReadItem.Accept(items[k].Record! with { ContactId = items[k].Record!.ContactId ?? contact });
            }
        }

        return items;
    }

    private List<ReadItem> Events(RecordBuilder builder, IReadOnlyList<SourceField> fields, long line, Func<string> raw)
    {
        var items = new List<ReadItem>(options.Steps.Count + options.Flags.Count + 1);
        if (_ownEvent && !Add(builder.Build(fields, line, raw), items))
        {
            return [items[^1]];
        }

        var shared = new List<SourceField>(fields.Count + 2);
        var previous = long.MinValue;
        foreach (var step in options.Steps)
        {
            var value = ValueOf(fields, step.Column);
            if (IsZeroTime(value))
            {
                continue;
            }

            var time = new SourceField(step.Column, new FieldTarget(_dated ? Field.Time : Field.Timestamp), value);
            var item = builder.Build(Fill(shared, fields, step, time), line, raw, "#" + step.Column);
            if (item is { Outcome: ReadOutcome.Accepted, Record: { } record } && _dated && record.TimestampMs < previous)
            {
                // A step whose time of day comes before the step before it happened after midnight: on the next day.
                item = ReadItem.Accept(record with { TimestampMs = record.TimestampMs + ((previous - record.TimestampMs + DayMs - 1) / DayMs * DayMs) });
            }

            if (!Add(item, items))
            {
                return [item];
            }

            previous = item.Record?.TimestampMs ?? previous;
        }

        foreach (var flag in options.Flags)
        {
            var value = ValueOf(fields, flag.Column).Trim();
            switch (IsSet(value))
            {
                case null: return [builder.Reject(line, flag.Column, "a flag column holds 1 or 0 (or true/false, yes/no)", value, raw)];
                case false: continue;
            }

            var item = builder.Build(Fill(shared, fields, flag, null), line, raw, "#" + flag.Column);
            if (!Add(item, items))
            {
                return [item];
            }
        }

        return items.Count > 0 ? items : [ReadItem.Filter()];
    }

    /// <summary>Adds an accepted event; false for a rejection, which then stands for the whole row.</summary>
    private static bool Add(ReadItem item, List<ReadItem> items)
    {
        if (item.Outcome == ReadOutcome.Rejected)
        {
            items.Add(item);
            return false;
        }

        if (item.Outcome == ReadOutcome.Accepted)
        {
            items.Add(item);
        }

        return true;
    }

    /// <summary>The row's fields for one of its events: without the step and flag columns, with this event's touchpoint (and channel, time).</summary>
    private static List<SourceField> Fill(List<SourceField> shared, IReadOnlyList<SourceField> fields, RowEvent rowEvent, SourceField? time)
    {
        shared.Clear();
        foreach (var f in fields)
        {
            switch (f.Target.Field)
            {
                case Field.Step or Field.Flag:
                    continue;
                case Field.Touchpoint:
                case Field.Timestamp or Field.Time when time is not null:
                case Field.Channel when rowEvent.Channel is not null:
                    // Replaced for this event, but still the row's data.
                    shared.Add(f with { Target = FieldTarget.Property });
                    break;
                default:
                    shared.Add(f);
                    break;
            }
        }

        shared.Add(new SourceField("touchpoint", new FieldTarget(Field.Touchpoint), rowEvent.Touchpoint));
        if (rowEvent.Channel is { } channel)
        {
            shared.Add(new SourceField("channel", new FieldTarget(Field.Channel), channel));
        }

        if (time is { } t)
        {
            shared.Add(t);
        }

        return shared;
    }

    private static string ValueOf(IReadOnlyList<SourceField> fields, string column)
    {
        foreach (var f in fields)
        {
            if (string.Equals(f.Name, column, StringComparison.OrdinalIgnoreCase))
            {
                return f.Value;
            }
        }

        return "";
    }

    /// <summary>Empty, or a zero time ("0", "0:00:00", "00:00:00.000"): call-centre exports write a step that never happened so.</summary>
    internal static bool IsZeroTime(string value)
    {
        var text = value.AsSpan().Trim();
        foreach (var ch in text)
        {
            if (ch is not ('0' or ':' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool? IsSet(string value) => value.ToLowerInvariant() switch
    {
        "1" or "true" or "yes" or "y" or "t" or "x" => true,
        "" or "0" or "false" or "no" or "n" or "f" => false,
        _ => null,
    };
}
