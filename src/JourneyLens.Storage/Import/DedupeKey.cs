using System.IO.Hashing;
using System.Runtime.InteropServices;
using JourneyLens.Core.Events;

namespace JourneyLens.Storage.Import;

/// <summary>
/// The key that makes imports idempotent. An event with an <c>event_id</c> is keyed by that id alone; any other event
/// by a hash of its whole content together with how many identical events came before it in the same import, so a
/// file with two identical rows loads both, and loading the file again adds neither.
/// </summary>
internal sealed class DedupeKey
{
    private readonly XxHash64 _hash = new();

    public static long OfEventId(string eventId)
    {
        var hash = new XxHash64(seed: 0x1D);
        Append(hash, eventId);
        return unchecked((long)hash.GetCurrentHashAsUInt64()) | 1L; // odd: never equal to a content key (even)
    }

    public ulong ContentHash(EventRecord r)
    {
        _hash.Reset();
        Span<byte> numbers = stackalloc byte[8 * 4];
        MemoryMarshal.Write(numbers, r.TimestampMs);
        MemoryMarshal.Write(numbers[8..], (long)r.ScoreType);
        MemoryMarshal.Write(numbers[16..], r.Score ?? int.MinValue);
        MemoryMarshal.Write(numbers[24..], r.Value ?? double.NaN);
        _hash.Append(numbers);
        Append(_hash, r.Touchpoint);
        Append(_hash, r.Channel);
        Append(_hash, r.About ?? "\0");
        Append(_hash, r.Outcome ?? "\0");
        foreach (var id in r.Identifiers)
        {
            Append(_hash, id.Type);
            Append(_hash, id.Value);
        }

        foreach (var (k, v) in r.Properties)
        {
            Append(_hash, k);
            Append(_hash, v);
        }

        return _hash.GetCurrentHashAsUInt64();
    }

    /// <summary>The key of the <paramref name="occurrence"/>-th identical event (0 for the first).</summary>
    public static long WithOccurrence(ulong contentHash, int occurrence) =>
        unchecked((long)(contentHash ^ ((ulong)occurrence * 0x9E3779B97F4A7C15UL)) & ~1L);

    /// <summary>Strings are length-prefixed so that ("ab","c") and ("a","bc") differ.</summary>
    private static void Append(XxHash64 hash, string s)
    {
        Span<byte> length = stackalloc byte[4];
        MemoryMarshal.Write(length, s.Length);
        hash.Append(length);
        hash.Append(MemoryMarshal.AsBytes(s.AsSpan()));
    }
}
