using System.Runtime.InteropServices;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;

namespace JourneyLens.Storage.Engine;

/// <summary>
/// The engine's columns as one binary file next to the database, so a large workspace opens in a second or two.
/// It is derived data: stamped with the workspace generation, ignored when stale or unreadable, replaced atomically.
/// </summary>
internal static class EngineCache
{
    private const long Magic = 0x314E_4745_4C4A; // "JLGEN1"
    private const int FormatVersion = 7; // 5: stamped with the database's identity and generation; persons before the event columns. 6: contacts. 7: persons in PersonSlots order

    public static EventTable? TryRead(string path, string stamp)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            using var r = new BinaryReader(stream);
            if (r.ReadInt64() != Magic || r.ReadInt32() != FormatVersion || r.ReadString() != stamp)
            {
                return null;
            }

            var (touchpoints, channels, outcomes) = (Strings(r), Strings(r), Strings(r));
            var (personStart, keys) = (Column<int>(r), Column<long>(r));
            return EventTable.Assemble(touchpoints, channels, outcomes, personStart, keys, new Reader(r));
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or InvalidDataException or OverflowException or OutOfMemoryException)
        {
            return null; // a damaged cache is rebuilt from the database
        }
    }

    /// <summary>
    /// Writes the cache under a temporary name of its own and renames it into place, so that several processes
    /// building it at once each finish (the last rename wins; all hold the same data). A cache that cannot be written
    /// (a full disk, say) is left out: it only saves time.
    /// </summary>
    public static void Write(string path, string stamp, EventTable t)
    {
        try
        {
            TemporaryFiles.Replace(path, stream =>
            {
                using var w = new BinaryWriter(stream);
                w.Write(Magic);
                w.Write(FormatVersion);
                w.Write(stamp);
                Strings(w, t.TouchpointNames);
                Strings(w, t.ChannelNames);
                Strings(w, t.OutcomeNames);
                Column(w, t.PersonStart);
                Column(w, t.PersonKeyIdentifier);
                t.EachEventColumn(new Writer(w, t));
            }, 1 << 20);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Replace has removed its temporary file; the cache only saves time.
        }
    }

    /// <summary>Temporary caches of builders that were killed.</summary>
    public static void DeleteAbandoned(string path) => TemporaryFiles.DeleteAbandoned(Path.GetDirectoryName(path)!, Path.GetFileName(path) + ".*.partial");

    private static void Strings(BinaryWriter w, string[] values)
    {
        w.Write(values.Length);
        foreach (var v in values)
        {
            w.Write(v);
        }
    }

    private static string[] Strings(BinaryReader r)
    {
        var n = r.ReadInt32();
        if (n < 0)
        {
            throw new InvalidDataException("negative count");
        }

        var values = new string[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = r.ReadString();
        }

        return values;
    }

    internal static void Column<T>(BinaryWriter w, T[] values) where T : unmanaged
    {
        w.Write(values.Length);
        w.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    internal static T[] Column<T>(BinaryReader r) where T : unmanaged
    {
        var n = r.ReadInt32();
        if (n < 0)
        {
            throw new InvalidDataException("negative count");
        }

        var values = GC.AllocateUninitializedArray<T>(n);
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        if (r.BaseStream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) != bytes.Length)
        {
            throw new EndOfStreamException();
        }

        return values;
    }

    private sealed class Reader(BinaryReader r) : IEventColumns
    {
        public T[] Column<T>(Func<EventTable, T[]> of)
            where T : unmanaged => EngineCache.Column<T>(r);
    }

    private sealed class Writer(BinaryWriter w, EventTable t) : IEventColumns
    {
        public T[] Column<T>(Func<EventTable, T[]> of)
            where T : unmanaged
        {
            var column = of(t);
            EngineCache.Column(w, column);
            return column;
        }
    }
}
