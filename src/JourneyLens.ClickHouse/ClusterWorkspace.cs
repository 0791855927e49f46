using System.Text.Json;
using JourneyLens.Core.Errors;

namespace JourneyLens.ClickHouse;

/// <summary>
/// A workspace folder that points at a ClickHouse cluster: <c>clickhouse.json</c> beside (or instead of) the SQLite
/// workspace names the shards, cluster and database; commands that find it read and write the cluster. The password
/// is never in it (<see cref="ClickHouseTarget.PasswordVariable"/>).
/// </summary>
public static class ClusterWorkspace
{
    public const string FileName = "clickhouse.json";

    private sealed record Settings(string[] Shards, string Cluster, string Database, string? User);

    /// <summary>The cluster this workspace folder points at, or null for an embedded workspace.</summary>
    public static ClickHouseTarget? Find(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        Settings? settings;
        try
        {
            settings = JsonSerializer.Deserialize<Settings>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true });
        }
        catch (JsonException e)
        {
            throw new InputException($"not a valid cluster setting: {e.Message}", path);
        }

        if (settings?.Shards is not { Length: > 0 } shards || settings.Cluster is null || settings.Database is null)
        {
            throw new InputException("a cluster setting needs shards, cluster and database", path);
        }

        var target = new ClickHouseTarget([.. shards.Select(s => Uri.TryCreate(s, UriKind.Absolute, out var uri) ? uri : throw new InputException($"shard '{s}' is not an address", path))],
            settings.Cluster, settings.Database, settings.User ?? "default");
        target.Check();
        return target;
    }

    /// <summary>Points the folder at the cluster, after creating the tables there (which also proves it answers).</summary>
    public static void Connect(string folder, ClickHouseTarget target)
    {
        target.Check();
        using (var cluster = new ClickHouseCluster(target))
        {
            ClickHouseSchema.Create(cluster);
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(new Settings([.. target.Shards.Select(s => s.ToString())], target.Cluster, target.Database, target.User),
            new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
    }
}
