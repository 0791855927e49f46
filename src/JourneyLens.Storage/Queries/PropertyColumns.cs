using JourneyLens.Core.Engine;

namespace JourneyLens.Storage.Queries;

/// <summary>Loads free properties, which the engine does not hold, as columns aligned with the engine's events (for filters).</summary>
public static class PropertyColumns
{
    public static IReadOnlyDictionary<string, string?[]> Load(Workspace workspace, EventTable table, IEnumerable<string> names)
    {
        var result = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        var wanted = names.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return result;
        }

        // Row ids are dense from 1: an array maps a workspace row to its place in the engine.
        var indexOfRow = new int[table.EventCount == 0 ? 1 : table.RowId.Max() + 1];
        Array.Fill(indexOfRow, -1);
        for (var i = 0; i < table.EventCount; i++)
        {
            indexOfRow[table.RowId[i]] = i;
        }

        foreach (var name in wanted)
        {
            var values = new string?[table.EventCount];
            var interned = new Dictionary<string, string>(StringComparer.Ordinal);
            using var cmd = workspace.Connection.CreateCommand();
            cmd.CommandText = "SELECT id, props ->> $path FROM events WHERE props IS NOT NULL";
            cmd.Parameters.AddWithValue("$path", "$.\"" + name.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"");
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var row = r.GetInt64(0);
                if (r.IsDBNull(1) || row >= indexOfRow.Length || indexOfRow[row] < 0)
                {
                    continue;
                }

                var value = r.GetString(1);
                values[indexOfRow[row]] = interned.TryGetValue(value, out var same) ? same : interned[value] = value;
            }

            result[name] = values;
        }

        return result;
    }
}
