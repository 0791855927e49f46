using System.Buffers;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using JourneyLens.Core.Events;

namespace JourneyLens.Ingest.Validation;

/// <summary>
/// The key that makes imports idempotent. An event with an <c>event_id</c> is keyed by that id alone; any other event
/// by a hash of its whole content together with how many identical events came before it in the same import, so a
/// file with two identical rows loads both, and loading the file again adds neither.
/// </summary>
public sealed class DedupeKey
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

    public static long OfEventId(ReadOnlySpan<char> eventId) =>
        unchecked((long)XxHash64.HashToUInt64(MemoryMarshal.AsBytes(eventId), seed: 0x1D)) | 1L; // odd: never equal to a content key (even)

    /// <summary>A hash of everything the event says; written into one buffer and hashed once.</summary>
    public ulong ContentHash(EventRecord r)
    {
        _buffer.ResetWrittenCount();
        var numbers = _buffer.GetSpan(32);
        MemoryMarshal.Write(numbers, r.TimestampMs);
        MemoryMarshal.Write(numbers[8..], (long)r.ScoreType);
        MemoryMarshal.Write(numbers[16..], (long)(r.Score ?? int.MinValue));
        MemoryMarshal.Write(numbers[24..], r.Value ?? double.NaN);
        _buffer.Advance(32);
        Append(r.Touchpoint);
        Append(r.Channel);
        Append(r.About ?? "\0");
        Append(r.Outcome ?? "\0");
        foreach (var id in r.Identifiers)
        {
            Append(id.Type);
            Append(id.Value);
        }

        foreach (var (k, v) in r.Properties)
        {
            Append(k);
            Append(v);
        }

        return XxHash64.HashToUInt64(_buffer.WrittenSpan);
    }

    /// <summary>The key of the <paramref name="occurrence"/>-th identical event (0 for the first).</summary>
    public static long WithOccurrence(ulong contentHash, int occurrence) =>
        unchecked((long)(contentHash ^ ((ulong)occurrence * 0x9E3779B97F4A7C15UL)) & ~1L);

    /// <summary>Strings are length-prefixed so that ("ab","c") and ("a","bc") differ.</summary>
    private void Append(string s)
    {
        var bytes = MemoryMarshal.AsBytes(s.AsSpan());
        var span = _buffer.GetSpan(4 + bytes.Length);
        MemoryMarshal.Write(span, s.Length);
        bytes.CopyTo(span[4..]);
        _buffer.Advance(4 + bytes.Length);
    }
}
