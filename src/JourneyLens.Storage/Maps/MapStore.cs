using System.Globalization;
using JourneyLens.Core.Errors;

namespace JourneyLens.Storage.Maps;

public sealed record StoredMap(string Id, string Yaml, DateTimeOffset Updated);

/// <summary>Journey maps kept in the workspace as their YAML text, by map id: saving a map again replaces it.</summary>
public static class MapStore
{
    /// <summary>A map is a document people write; a megabyte of YAML is far beyond any real one.</summary>
    public const int MaxYamlLength = 1_000_000;

    public static void Save(Workspace workspace, string id, string yaml)
    {
        if (yaml.Length > MaxYamlLength)
        {
            throw new Core.Errors.InputException($"map '{id}' is {yaml.Length:N0} characters; at most {MaxYamlLength:N0}");
        }

        using var cmd = workspace.Connection.CreateCommand();
        cmd.CommandText = "INSERT INTO maps (name, yaml, updated_utc) VALUES ($name, $yaml, $updated) ON CONFLICT (name) DO UPDATE SET yaml = excluded.yaml, updated_utc = excluded.updated_utc";
        cmd.Parameters.AddWithValue("$name", id);
        cmd.Parameters.AddWithValue("$yaml", yaml);
        cmd.Parameters.AddWithValue("$updated", workspace.Now());
        cmd.ExecuteNonQuery();
    }

    public static IReadOnlyList<StoredMap> List(Workspace workspace) => Read(workspace, null);

    public static StoredMap? Find(Workspace workspace, string id) => Read(workspace, id).FirstOrDefault();

    public static bool Delete(Workspace workspace, string id)
    {
        using var cmd = workspace.Connection.CreateCommand();
        cmd.CommandText = "DELETE FROM maps WHERE name = $name";
        cmd.Parameters.AddWithValue("$name", id);
        return cmd.ExecuteNonQuery() > 0;
    }

    private static List<StoredMap> Read(Workspace workspace, string? id) =>
        workspace.Query("SELECT name, yaml, updated_utc FROM maps" + (id is null ? "" : " WHERE name = $name") + " ORDER BY name",
            r => new StoredMap(r.GetString(0), r.GetString(1), Workspace.Time(r.GetString(2))),
            id is null ? [] : [("$name", id)]);
}
