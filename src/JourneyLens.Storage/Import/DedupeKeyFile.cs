using JourneyLens.Storage.Engine;

namespace JourneyLens.Storage.Import;

/// <summary>
/// The dedupe keys of every stored event, sorted, in a file beside the database: an import checks its rows against
/// them without reading every event row first (a 10 M-event workspace: 0.1 s instead of several seconds). Derived
/// data like the engine cache: stamped, ignored when stale, rebuilt from the events table, replaced atomically.
/// </summary>
internal static class DedupeKeyFile
{
    private const long Magic = 0x314B_5044_454A; // "JEDPK1"

    public static string PathOf(Workspace workspace) => Path.Combine(workspace.Folder, "dedupe.keys");

    /// <summary>The stored keys, sorted: from the file when it is of <paramref name="stamp"/>, else from the database.</summary>
    public static long[] Read(Workspace workspace, string stamp)
    {
        var path = PathOf(workspace);
        try
        {
            if (File.Exists(path))
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
                using var r = new BinaryReader(stream);
                if (r.ReadInt64() == Magic && r.ReadString() == stamp)
                {
                    return EngineCache.Column<long>(r);
                }
            }
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or InvalidDataException or OutOfMemoryException)
        {
            // a damaged file is rebuilt from the database
        }

        var keys = new List<long>();
        using (var rows = new RawStatement(workspace.Connection, "SELECT dedupe_key FROM events"))
        {
            while (rows.Read())
            {
                keys.Add(rows.Int64(0));
            }
        }

        var sorted = keys.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    /// <summary>Writes <paramref name="stored"/> and <paramref name="added"/> as the keys of <paramref name="stamp"/>; left out if it cannot be written.</summary>
    public static void Write(Workspace workspace, string stamp, long[] stored, IReadOnlyCollection<long> added)
    {
        var keys = new long[stored.Length + added.Count];
        stored.CopyTo(keys, 0);
        var at = stored.Length;
        foreach (var key in added)
        {
            keys[at++] = key;
        }

        Array.Sort(keys, stored.Length, added.Count);
        // Two sorted runs: a merge in place through a copy of the second, from the back.
        var tail = keys[stored.Length..];
        for (int i = stored.Length - 1, j = tail.Length - 1, k = keys.Length - 1; j >= 0; k--)
        {
            keys[k] = i >= 0 && keys[i] > tail[j] ? keys[i--] : tail[j--];
        }

        try
        {
            TemporaryFiles.Replace(PathOf(workspace), stream =>
            {
                using var w = new BinaryWriter(stream);
                w.Write(Magic);
                w.Write(stamp);
                EngineCache.Column(w, keys);
            }, 1 << 20);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // it only saves time
        }
    }

    /// <summary>Whether a sorted array holds <paramref name="key"/>.</summary>
    public static bool Contains(long[] sorted, long key) => Array.BinarySearch(sorted, key) >= 0;
}
