using System.Buffers;
using System.Buffers.Text;
using System.Text;
using JourneyLens.Core.Events;

namespace JourneyLens.Generation;

public enum GeneratedFormat
{
    Csv,
    Jsonl,
}

/// <summary>
/// Writes generated events as CSV rows or flat JSON lines straight into UTF-8 bytes. The column names are ones the
/// importer recognises, so the output imports with no flags.
/// </summary>
internal sealed class EventFormatter(GeneratedFormat format, string scenario)
{
    public static readonly string[] Columns = ["event_id", "timestamp", "customer_id", "anonymous_id", "email", "phone", "channel", "touchpoint", "score_type", "score", "about", "value", "outcome", "persona"];

    private readonly byte[] _scenario = Encoding.UTF8.GetBytes(scenario);
    private readonly byte[][] _keys = Columns.Select(c => Encoding.UTF8.GetBytes($"\"{c}\":")).ToArray();

    public byte[] Header() => format == GeneratedFormat.Csv ? Encoding.UTF8.GetBytes(string.Join(',', Columns) + "\n") : [];

    public void Write(ArrayBufferWriter<byte> output, in GeneratedEvent e, int customer, int sequence, Label persona)
    {
        var span = output.GetSpan(512);
        var w = new SpanWriter(span);
        var json = format == GeneratedFormat.Jsonl;
        if (json)
        {
            w.Byte((byte)'{');
        }

        // event_id: scenario-customer-sequence, unique and stable for a seed
        Key(ref w, 0, json, first: true);
        w.Quote(json);
        w.Bytes(_scenario);
        w.Byte((byte)'-');
        w.Int(customer);
        w.Byte((byte)'-');
        w.Int(sequence);
        w.Quote(json);

        Key(ref w, 1, json);
        w.Quote(json);
        w.Timestamp(e.TimestampMs);
        w.Quote(json);

        if (Has(e.Ids, Ids.Customer, ref w, 2, json))
        {
            w.Quote(json);
            w.Byte((byte)'C');
            w.Int(customer);
            w.Quote(json);
        }

        if (Has(e.Ids, Ids.Anonymous, ref w, 3, json))
        {
            w.Quote(json);
            w.Ascii("anon-");
            w.Int(customer);
            w.Byte((byte)'-');
            w.Int(e.Device);
            w.Quote(json);
        }

        if (Has(e.Ids, Ids.Email, ref w, 4, json))
        {
            w.Quote(json);
            w.Ascii("customer");
            w.Int(customer);
            w.Ascii("@example.com");
            w.Quote(json);
        }

        if (Has(e.Ids, Ids.Phone, ref w, 5, json))
        {
            w.Quote(json);
            w.Ascii("+3161");
            w.Padded(customer, 7);
            w.Quote(json);
        }

        Text(ref w, 6, json, e.Channel.Utf8);
        Text(ref w, 7, json, e.Touchpoint.Utf8);
        if (e.ScoreType != ScoreType.None)
        {
            Text(ref w, 8, json, e.ScoreType switch { ScoreType.Nps => "nps"u8, ScoreType.Csat => "csat"u8, _ => "ces"u8 });
            Key(ref w, 9, json);
            w.Int(e.Score);
            if (e.About is { } about)
            {
                Text(ref w, 10, json, about.Utf8);
            }
            else if (!json)
            {
                w.Byte((byte)',');
            }
        }
        else if (!json)
        {
            w.Ascii(",,,");
        }

        if (!double.IsNaN(e.Value))
        {
            Key(ref w, 11, json);
            w.Money(e.Value);
        }
        else if (!json)
        {
            w.Byte((byte)',');
        }

        if (e.Outcome is { } outcome)
        {
            Text(ref w, 12, json, outcome.Utf8);
        }
        else if (!json)
        {
            w.Byte((byte)',');
        }

        Text(ref w, 13, json, persona.Utf8);
        if (json)
        {
            w.Byte((byte)'}');
        }

        w.Byte((byte)'\n');
        output.Advance(w.Position);
    }

    /// <summary>Writes the key (JSON) or the separator (CSV) of an identifier column; false when the event lacks it.</summary>
    private bool Has(Ids ids, Ids which, ref SpanWriter w, int column, bool json)
    {
        if ((ids & which) != 0)
        {
            Key(ref w, column, json);
            return true;
        }

        if (!json)
        {
            w.Byte((byte)',');
        }

        return false;
    }

    private void Text(ref SpanWriter w, int column, bool json, ReadOnlySpan<byte> value)
    {
        Key(ref w, column, json);
        w.Quote(json);
        w.Bytes(value);
        w.Quote(json);
    }

    private void Key(ref SpanWriter w, int column, bool json, bool first = false)
    {
        if (json)
        {
            if (!first)
            {
                w.Byte((byte)',');
            }

            w.Bytes(_keys[column]);
        }
        else if (!first)
        {
            w.Byte((byte)',');
        }
    }

    private ref struct SpanWriter(Span<byte> span)
    {
        private readonly Span<byte> _span = span;
        public int Position;

        public void Byte(byte b) => _span[Position++] = b;

        public void Bytes(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_span[Position..]);
            Position += bytes.Length;
        }

        public void Ascii(string s)
        {
            Position += Encoding.ASCII.GetBytes(s, _span[Position..]);
        }

        public void Quote(bool json)
        {
            if (json)
            {
                Byte((byte)'"');
            }
        }

        public void Int(int value)
        {
            Utf8Formatter.TryFormat(value, _span[Position..], out var n);
            Position += n;
        }

        public void Padded(int value, int digits)
        {
            Utf8Formatter.TryFormat(value % 10_000_000, _span[Position..], out var n, new StandardFormat('D', (byte)digits));
            Position += n;
        }

        public void Money(double value)
        {
            Utf8Formatter.TryFormat(Math.Round(value, 2), _span[Position..], out var n, new StandardFormat('F', 2));
            Position += n;
        }

        public void Timestamp(long ms)
        {
            DateTime.UnixEpoch.AddMilliseconds(ms).TryFormat(_span[Position..], out var n, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
            Position += n;
        }
    }
}
