using System.Globalization;
using JourneyLens.Core.Catalogue;
using JourneyLens.Ingest.Catalogue;
using JourneyLens.Core.Errors;

namespace JourneyLens.Storage.Catalogue;

/// <summary>The workspace's touchpoint catalogue: saved as the YAML the user wrote, parsed when an analysis needs it.</summary>
public static class CatalogueStore
{
    public const int MaxBytes = 16 << 20;

    /// <summary>Validates and stores a catalogue, replacing the previous one; returns it parsed.</summary>
    public static TouchpointCatalogue Save(Workspace workspace, string yaml, string source)
    {
        if (yaml.Length > MaxBytes)
        {
            throw new Core.Errors.InputException($"a catalogue is at most {MaxBytes >> 20} MB", source);
        }

        var catalogue = CatalogueYaml.Parse(yaml, source);
        using var cmd = workspace.Connection.CreateCommand();
        cmd.CommandText = "INSERT OR REPLACE INTO catalogue (id, yaml, source, updated_utc) VALUES (1, $yaml, $source, $now)";
        cmd.Parameters.AddWithValue("$yaml", yaml);
        cmd.Parameters.AddWithValue("$source", Path.GetFileName(source));
        cmd.Parameters.AddWithValue("$now", workspace.Now());
        cmd.ExecuteNonQuery();
        return catalogue;
    }

    /// <summary>The stored catalogue, or an empty one (every touchpoint without phase) when none was imported.</summary>
    public static TouchpointCatalogue Load(Workspace workspace) =>
        Yaml(workspace) is { } stored ? CatalogueYaml.Parse(stored.Yaml, stored.Source) : TouchpointCatalogue.Empty;

    public static (string Yaml, string Source)? Yaml(Workspace workspace)
    {
        using var cmd = workspace.Connection.CreateCommand();
        cmd.CommandText = "SELECT yaml, source FROM catalogue WHERE id = 1";
        using var reader = cmd.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.GetString(1)) : null;
    }
}
