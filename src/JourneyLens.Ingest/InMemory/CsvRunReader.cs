using System.Globalization;
using System.Text;
using CsvHelper;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;
using JourneyLens.Ingest.Mapping;
using JourneyLens.Ingest.Readers;
using JourneyLens.Ingest.Validation;
using JourneyLens.Core.Errors;

namespace JourneyLens.Ingest.InMemory;

/// <summary>
/// Reads one run of CSV rows into an <see cref="EventBlock"/>, on any thread. A row of the common shape is read in
/// place, without making strings of its fields; any row this reader is not sure of (a stand-in identifier, a bad
/// score, an unknown timestamp shape, a message type …) goes through <see cref="RecordBuilder"/>, which decides,
/// so the rules and messages stay those of the import. Tests compare the two on random rows.
/// </summary>
internal sealed class CsvRunReader(CsvEventReader file, ImportOptions options, RecordBuilder builder)
{
    private readonly IReadOnlyList<string> _header = file.Header;
    private readonly Field[] _fields = file.Targets.Select(t => t.Field).ToArray();
    private readonly string?[] _identifierTypes = file.Targets.Select(t => t.IdentifierType).ToArray();
    private readonly TimestampParser _timestamps = new(options.TimestampFormat, options.TimeZone, options.TimestampUnit);

    /// <summary>Fields that only <see cref="RecordBuilder"/> reads (message types, lifecycle filters) send every row there.</summary>
    private readonly bool _inPlace = options.Lifecycle is null && options.Labels.Count == 0
        && !file.Targets.Any(t => t.Field is Field.Lifecycle or Field.MessageType or Field.PreviousId or Field.Date or Field.Time or Field.Offset or Field.Step or Field.Flag or Field.ContactId);

    public void Read(RawRows run, EventBlock block)
    {
        using var reader = file.OpenRows(run);
        var fieldCount = _header.Count;
        var starts = new int[fieldCount];
        var lengths = new int[fieldCount];
        var text = new char[1024];
        var sourceFields = new List<SourceField>(fieldCount);
        var columns = new ColumnIdentifiers(block, _identifierTypes);
        block.Rejections.AddRange(run.Rejections);
        block.Stop = run.Stop;
        block.SourceBytes = run.Length;
        var row = 0;
        for (; reader.Read(); row++)
        {
            if (reader.RawRecord.Length > text.Length)
            {
                text = new char[reader.RawRecord.Length * 2];
            }

            var at = 0;
            for (var i = 0; i < fieldCount; i++)
            {
                // Most fields of an event row are empty: only the others are decoded.
                var bytes = reader.GetSpan(i);
                starts[i] = at;
                lengths[i] = bytes.IsEmpty ? 0 : Encoding.UTF8.GetChars(bytes, text.AsSpan(at));
                at += lengths[i];
            }

            var fields = new RowText(text, starts, lengths);
            block.Line = run.Line(row);
            if (_inPlace && TryReadInPlace(fields, block, columns))
            {
                continue;
            }

            sourceFields.Clear();
            for (var i = 0; i < fieldCount; i++)
            {
                sourceFields.Add(new SourceField(_header[i], file.Targets[i], fields[i].ToString()));
            }

            try
            {
                foreach (var item in builder.BuildAll(sourceFields, run.Line(row), () => Encoding.UTF8.GetString(reader.RawRecord)))
                {
                    block.Add(item);
                }
            }
            catch (InputException e)
            {
                // The reading ends here: rows the reading thread rejected after this one were never reached.
                block.Stop = e;
                block.Rejections.RemoveAll(r => r.Line > run.Line(row));
                return;
            }
        }

        if (row != run.Count)
        {
            throw new InvalidOperationException($"a run of {run.Count} rows read back as {row}");
        }
    }

    /// <summary>
    /// The common row: every check <see cref="RecordBuilder.Build"/> makes passes, so it would accept the row as
    /// this reads it. Returns false, having added nothing, for any row it is not sure of.
    /// </summary>
    /// <param name="columns">The run's identifiers as its identifier columns find them: a known one was checked when first seen.</param>
    private bool TryReadInPlace(RowText row, EventBlock block, ColumnIdentifiers columns)
    {
        int timestamp = -1, touchpoint = -1, channel = -1, eventId = -1, score = -1, scoreType = -1, about = -1, value = -1, outcome = -1;
        Span<int> identifiers = stackalloc int[_fields.Length];
        Span<int> known = stackalloc int[_fields.Length];
        var identifierCount = 0;
        var properties = 0;
        for (var i = 0; i < _fields.Length; i++)
        {
            var field = row[i];
            if (field.Length > options.MaxValueLength)
            {
                return false;
            }

            switch (_fields[i])
            {
                case Field.Timestamp: timestamp = i; break;
                case Field.Touchpoint: touchpoint = i; break;
                case Field.Channel: channel = i; break;
                case Field.EventId: eventId = i; break;
                case Field.Score: score = i; break;
                case Field.ScoreType: scoreType = i; break;
                case Field.About: about = i; break;
                case Field.Value: value = i; break;
                case Field.Outcome: outcome = i; break;
                case Field.Ignored: break;
                case Field.Identifier:
                    var id = field.Trim();
                    if (id.Length == 0)
                    {
                        break;
                    }

                    var knownId = columns.Find(i, id);
                    if (knownId < 0)
                    {
                        if (options.IdentityRules.IsBlocked(_identifierTypes[i]!, id))
                        {
                            return false;
                        }
                    }

                    known[identifierCount] = knownId;
                    identifiers[identifierCount++] = i;
                    break;
                case Field.Property:
                    if (field.Length > 0)
                    {
                        properties++;
                    }

                    break;
                default:
                    return false;
            }
        }

        if (properties > options.MaxProperties || identifierCount == 0 || timestamp < 0 || touchpoint < 0
            || _timestamps.TryParse(row[timestamp], out var timestampMs, out var offsetMinutes) != TimestampStatus.Ok
            || row[touchpoint].Trim().IsEmpty)
        {
            return false;
        }

        var type = ScoreType.None;
        sbyte scoreValue = 0;
        var scoreTypeIsProperty = false;
        if (score >= 0 && !row[score].Trim().IsEmpty)
        {
            if (scoreType < 0 || !ScoreScales.TryParse(row[scoreType], out type)
                || !double.TryParse(row[score], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number != Math.Floor(number))
            {
                return false;
            }

            var (min, max) = ScoreScales.Range(type);
            if (number < min || number > max)
            {
                return false;
            }

            scoreValue = (sbyte)number;
        }
        else
        {
            scoreTypeIsProperty = scoreType >= 0 && !row[scoreType].Trim().IsEmpty;
        }

        var money = double.NaN;
        if (value >= 0 && !row[value].Trim().IsEmpty
            && (!double.TryParse(row[value], NumberStyles.Float, CultureInfo.InvariantCulture, out money) || !double.IsFinite(money)))
        {
            return false;
        }

        block.BeginIdentifiers();
        for (var k = 0; k < identifierCount; k++)
        {
            if (known[k] >= 0)
            {
                block.AddKnownIdentifier(known[k], timestampMs);
                columns.Read(identifiers[k], known[k]);
            }
            else
            {
                columns.Read(identifiers[k], block.AddIdentifier(_identifierTypes[identifiers[k]]!, row[identifiers[k]].Trim(), timestampMs));
            }
        }

        var person = block.LinkIdentifiers(timestampMs);
        var touchpointCode = block.Touchpoints.Code(row[touchpoint].Trim());
        var aboutCode = about >= 0 && !row[about].Trim().IsEmpty ? block.Touchpoints.Code(row[about].Trim()) : EventTable.NoAbout;
        var channelName = channel >= 0 ? Channels.Normalize(row[channel]) : Channels.Normalize(options.DefaultChannel);
        var outcomeCode = outcome >= 0 && !row[outcome].Trim().IsEmpty ? block.Outcomes.Code(row[outcome].Trim()) + 1 : 0;
        long? eventIdKey = eventId >= 0 && !row[eventId].Trim().IsEmpty ? DedupeKey.OfEventId(row[eventId].Trim()) : null;
        var added = block.AddEvent(person, timestampMs, (short)offsetMinutes, touchpointCode, block.Channels.Code(channelName), type, scoreValue,
            aboutCode, money, outcomeCode, eventIdKey);
        for (var i = 0; i < _fields.Length; i++)
        {
            if (_fields[i] == Field.Property && row[i].Length > 0 || i == scoreType && scoreTypeIsProperty)
            {
                block.AddProperty(_header[i], added, row[i]);
            }
        }

        return true;
    }

    /// <summary>
    /// A run's identifiers as its identifier columns find them: by value with one probe, and a column's value of the
    /// row before (a customer's rows usually come together) without any.
    /// </summary>
    private sealed class ColumnIdentifiers(EventBlock block, string?[] types)
    {
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>[] _byField =
            types.Select(type => type is null ? default : block.IdentifiersOfType(type)).ToArray();

        private readonly int[] _previous = Enumerable.Repeat(-1, types.Length).ToArray();

        /// <summary>The run's number of the identifier <paramref name="value"/> of column <paramref name="field"/>; -1 when the run has not seen it.</summary>
        public int Find(int field, ReadOnlySpan<char> value)
        {
            var previous = _previous[field];
            if (previous >= 0 && value.SequenceEqual(block.Identifiers[previous].Value))
            {
                return previous;
            }

            return _byField[field].TryGetValue(value, out var id) ? id : -1;
        }

        /// <summary>Column <paramref name="field"/> of a row read into the run named identifier <paramref name="id"/>.</summary>
        public void Read(int field, int id) => _previous[field] = id;
    }

    /// <summary>The fields of one row as text in one buffer.</summary>
    private readonly ref struct RowText(char[] text, int[] starts, int[] lengths)
    {
        public ReadOnlySpan<char> this[int field] => text.AsSpan(starts[field], lengths[field]);
    }
}
