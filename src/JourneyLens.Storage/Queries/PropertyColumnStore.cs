using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace JourneyLens.Storage.Queries;

/// <summary>
/// A free property as a column by workspace row id: its distinct values, and per row the code of its value (−1: the row
/// has none). <see cref="Covered"/> is the last row id read, so the column is extended by newer rows only.
/// </summary>
public sealed class PropertyColumn(string name, string databaseId, List<string> values, int[] codeOfRow, long covered)
{
    public string Name => name;

    public string DatabaseId => databaseId;

    public long Covered => covered;

    internal List<string> Values => values;

    internal int[] Codes => codeOfRow;

    public string? At(long row) => row < codeOfRow.Length && codeOfRow[row] is var code and >= 0 ? values[code] : null;

    /// <summary>The value of each of these rows (an engine's events, by their row ids), null where a row has none.</summary>
    public string?[] Align(ReadOnlySpan<int> rows)
    {
        // Arrays, not the list: this runs once per event of the workspace on every filtered request.
        var (codes, names, aligned) = (codeOfRow, values.ToArray(), new string?[rows.Length]);
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            if ((uint)row < (uint)codes.Length && codes[row] is var code and >= 0)
            {
                aligned[i] = names[code];
            }
        }

        return aligned;
    }
}

/// <summary>
/// Property columns kept beside the engine cache (<c>engine.props/</c>), one file per property name used in a filter or
/// breakdown: read once from the events' JSON, then from the file, and extended with the rows imported since (events
/// are only ever appended, with growing ids). A file of another database, or one that does not read, is built again.
/// </summary>
public static class PropertyColumnStore
{
    private const string Magic = "JLPROP1";

    /// <summary>More files than this: the least recently written go (each is 4 bytes per event).</summary>
    public const int MaxFiles = 32;

    public static string Folder(Workspace workspace) => Path.Combine(workspace.Folder, "engine.props");

    /// <summary>The column of <paramref name="name"/> covering every event now: <paramref name="held"/> or the file, extended, else built.</summary>
    public static PropertyColumn Load(Workspace workspace, string name, PropertyColumn? held = null)
    {
        var databaseId = workspace.Scalar<string>("SELECT value FROM meta WHERE key = 'database_id'") ?? "";
        var last = workspace.Scalar<long>("SELECT coalesce(max(id), 0) FROM events");
        var column = held is not null && held.DatabaseId == databaseId && held.Name == name ? held : TryRead(workspace, name, databaseId);
        if (column is not null && column.Covered == last)
        {
            return column;
        }

        column = Extend(workspace, name, databaseId, column, last);
        Write(workspace, column);
        return column;
    }

    /// <summary>
    /// Every kept column of this database brought up to date (after an import: only the new rows are read), so the next
    /// filter on a property used before is ready; the names of those columns.
    /// </summary>
    public static IReadOnlyList<string> ExtendKept(Workspace workspace)
    {
        if (!Directory.Exists(Folder(workspace)))
        {
            return [];
        }

        var databaseId = workspace.Scalar<string>("SELECT value FROM meta WHERE key = 'database_id'") ?? "";
        var names = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Folder(workspace), "*.col"))
        {
            try
            {
                using var reader = new BinaryReader(File.OpenRead(file), Encoding.UTF8);
                if (Header(reader, databaseId) is { } name)
                {
                    names.Add(name);
                }
            }
            catch (Exception e) when (e is IOException or EndOfStreamException or FormatException)
            {
                // unreadable: built again when its property is next used
            }
        }

        foreach (var name in names)
        {
            Load(workspace, name);
        }

        return [.. names.Order(StringComparer.Ordinal)];
    }

    /// <summary>The rows after the column's last, up to <paramref name="last"/>, added (all of them for a new column).</summary>
    private static PropertyColumn Extend(Workspace workspace, string name, string databaseId, PropertyColumn? from, long last)
    {
        // A copy: a column held in memory may be read by other requests while this one grows.
        var values = from is null ? [] : new List<string>(from.Values);
        var codes = new int[last + 1];
        var covered = from?.Covered ?? 0;
        if (from is not null)
        {
            Array.Copy(from.Codes, codes, Math.Min(from.Codes.Length, codes.Length));
        }

        Array.Fill(codes, -1, (int)covered + 1, codes.Length - (int)covered - 1);
        var code = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            code[values[i]] = i;
        }

        using var cmd = workspace.Connection.CreateCommand();
        cmd.CommandText = "SELECT id, props ->> $path FROM events WHERE props IS NOT NULL AND id > $from AND id <= $last";
        cmd.Parameters.AddWithValue("$path", "$.\"" + name.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"");
        cmd.Parameters.AddWithValue("$from", covered);
        cmd.Parameters.AddWithValue("$last", last);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            if (r.IsDBNull(1))
            {
                continue;
            }

            var value = r.GetString(1);
            if (!code.TryGetValue(value, out var c))
            {
                code[value] = c = values.Count;
                values.Add(value);
            }

            codes[r.GetInt64(0)] = c;
        }

        return new PropertyColumn(name, databaseId, values, codes, last);
    }

    private static string PathOf(Workspace workspace, string name) =>
        Path.Combine(Folder(workspace), Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..24].ToLowerInvariant() + ".col");

    private static PropertyColumn? TryRead(Workspace workspace, string name, string databaseId)
    {
        var path = PathOf(workspace, name);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
            if (Header(reader, databaseId) != name)
            {
                return null;
            }

            var covered = reader.ReadInt64();
            var values = new List<string>(reader.ReadInt32());
            for (var i = values.Capacity; i > 0; i--)
            {
                values.Add(reader.ReadString());
            }

            var codes = new int[reader.ReadInt32()];
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(codes.AsSpan()));
            return codes.Length == covered + 1 && codes.All(c => c < values.Count) ? new PropertyColumn(name, databaseId, values, codes, covered) : null;
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or FormatException or ArgumentException or OutOfMemoryException)
        {
            return null; // a file cut short or of another version: built again
        }
    }

    /// <summary>The property a file holds, when it is a column file of this database; null otherwise.</summary>
    private static string? Header(BinaryReader reader, string databaseId) =>
        reader.ReadString() == Magic && reader.ReadString() == databaseId ? reader.ReadString() : null;

    private static void Write(Workspace workspace, PropertyColumn column)
    {
        try
        {
            Directory.CreateDirectory(Folder(workspace));
            TemporaryFiles.DeleteAbandoned(Folder(workspace), "*.partial");
            TemporaryFiles.Replace(PathOf(workspace, column.Name), stream =>
            {
                using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
                writer.Write(Magic);
                writer.Write(column.DatabaseId);
                writer.Write(column.Name);
                writer.Write(column.Covered);
                writer.Write(column.Values.Count);
                foreach (var value in column.Values)
                {
                    writer.Write(value);
                }

                writer.Write(column.Codes.Length);
                writer.Flush();
                stream.Write(MemoryMarshal.AsBytes(column.Codes.AsSpan()));
            });
            foreach (var old in new DirectoryInfo(Folder(workspace)).GetFiles("*.col").OrderByDescending(f => f.LastWriteTimeUtc).Skip(MaxFiles))
            {
                old.Delete();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only folder or a full disk: the column still answers, it is only not kept for the next time.
        }
    }
}
