using System.Buffers;
using JourneyLens.Ingest.Validation;
using JourneyLens.Core.Errors;

namespace JourneyLens.Ingest.Readers;

/// <summary>
/// A run of CSV rows as the file wrote them, each followed by a line feed, with the line each starts on: what the
/// reading thread hands to the threads that validate. The buffers are rented and go back with <see cref="Return"/>.
/// </summary>
public sealed class RawRows
{
    private byte[] _bytes;
    private long[] _lines;

    public RawRows(int rows)
    {
        _bytes = ArrayPool<byte>.Shared.Rent(rows * 128);
        _lines = ArrayPool<long>.Shared.Rent(rows);
    }

    public int Count { get; private set; }
    public int Length { get; private set; }
    public ReadOnlyMemory<byte> Bytes => _bytes.AsMemory(0, Length);

    /// <summary>The line the <paramref name="row"/>-th row (from 0) starts on.</summary>
    public long Line(int row) => _lines[row];

    /// <summary>Rows the reading thread rejected itself (broken quoting, wrong column count), in line order.</summary>
    public List<Rejection> Rejections { get; } = [];

    /// <summary>Set when the file cannot be read past this run (not UTF-8, unreadable CSV): the rows before it still count.</summary>
    public InputException? Stop { get; set; }

    public void Add(ReadOnlySpan<byte> raw, long line)
    {
        if (Length + raw.Length + 1 > _bytes.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_bytes.Length * 2, Length + raw.Length + 1));
            _bytes.AsSpan(0, Length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = bigger;
        }

        if (Count == _lines.Length)
        {
            var more = ArrayPool<long>.Shared.Rent(_lines.Length * 2);
            _lines.AsSpan().CopyTo(more);
            ArrayPool<long>.Shared.Return(_lines);
            _lines = more;
        }

        raw.CopyTo(_bytes.AsSpan(Length));
        _bytes[Length + raw.Length] = (byte)'\n';
        Length += raw.Length + 1;
        _lines[Count++] = line;
    }

    public void Return()
    {
        ArrayPool<byte>.Shared.Return(_bytes);
        ArrayPool<long>.Shared.Return(_lines);
        (_bytes, _lines, Count, Length) = ([], [], 0, 0);
    }
}
