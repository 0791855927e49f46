namespace JourneyLens.ClickHouse;

/// <summary>
/// The tables on the cluster (docs/scale-out.md): on every shard a MergeTree of events ordered by (person, time,
/// ingest sequence) — the embedded engine's order, ties broken by input order — and a Distributed table over them,
/// sharded by the person's hash so that every per-person and per-journey computation stays on one shard.
/// </summary>
internal static class ClickHouseSchema
{
    public const string Columns = "person, ts_ms, seq, utc_offset_min, touchpoint, channel, score_type, score, about, value, outcome, contact, event_key, identifier, written_in";

    /// <summary>
    /// Columns added after the first version, each with why: a workspace connected by an earlier version gains them
    /// (its rows hold the type's default).
    /// </summary>
    private static readonly (string Name, string Type)[] Added =
    [
        ("event_key", "Int64"), // the event_id's key (0: none), so a later file's copy of an event is known
        ("identifier", "String"), // the identifier the event came with (type:value): its person is stitched again from it
        ("written_in", "UInt64"), // the import attempt that wrote the row (ClusterIdentities: copies moved to a merged person)
    ];

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Ensured = new();

    /// <summary>
    /// The tables created or brought up to date once per process and cluster: a workspace connected by an earlier
    /// version gains the tables added since (all are created only if missing) before its first query.
    /// </summary>
    public static void Ensure(ClickHouseCluster cluster)
    {
        var key = $"{string.Join(",", cluster.Target.Shards)} {cluster.Target.Cluster} {cluster.Target.Database}";
        if (!Ensured.ContainsKey(key))
        {
            Create(cluster);
            Ensured[key] = true;
        }
    }

    public static void Create(ClickHouseCluster cluster)
    {
        var (db, name) = (cluster.Target.Database, cluster.Target.Cluster);
        cluster.OnEveryShard($"CREATE DATABASE IF NOT EXISTS {db}");
        cluster.OnEveryShard($"""
            CREATE TABLE IF NOT EXISTS {db}.events_local (
                person String, ts_ms Int64, seq UInt64, utc_offset_min Int16, touchpoint String, channel String,
                score_type UInt8, score Int8, about String, value Float64, outcome String, contact String, event_key Int64,
                identifier String, written_in UInt64)
            ENGINE = MergeTree() ORDER BY (person, ts_ms, seq)
            """);
        cluster.OnEveryShard($"CREATE TABLE IF NOT EXISTS {db}.events AS {db}.events_local ENGINE = Distributed({name}, {db}, events_local, cityHash64(person))");
        foreach (var (column, type) in Added)
        {
            foreach (var table in new[] { "events_local", "events" })
            {
                // One row per shard, in the target's order (18.16 has no ADD COLUMN IF NOT EXISTS).
                var has = cluster.OnShards($"SELECT count() FROM system.columns WHERE database = '{db}' AND table = '{table}' AND name = '{column}'");
                for (var shard = 0; shard < has.Count; shard++)
                {
                    if (has[shard][0] == "0")
                    {
                        cluster.OnShard(shard, $"ALTER TABLE {db}.{table} ADD COLUMN {column} {type}");
                    }
                }
            }
        }

        // What was imported, by content, and every attempt to (ImportAttempts): kept on the coordinating server only.
        cluster.OnEveryShard($"CREATE TABLE IF NOT EXISTS {db}.imports (sha256 String, file String, events UInt64, seq_from UInt64) ENGINE = MergeTree() ORDER BY sha256");
        cluster.OnEveryShard($"CREATE TABLE IF NOT EXISTS {db}.import_attempts (seq_from UInt64, sha256 String, file String) ENGINE = MergeTree() ORDER BY seq_from");
        // The touchpoint catalogue, every version saved; the latest is the workspace's (ClickHouseCatalogue).
        cluster.OnEveryShard($"CREATE TABLE IF NOT EXISTS {db}.catalogue (version UInt64, yaml String, source String) ENGINE = MergeTree() ORDER BY version");
        // The identity graph (ClusterIdentities), each row tagged with the import attempt that wrote it and counted only
        // once that import committed: identifiers with when each was seen, the links between them, and each
        // identifier's person as last stitched. Kept on the coordinating server.
        cluster.OnEveryShard($"CREATE TABLE IF NOT EXISTS {db}.identifiers (type String, value String, first_seen_ms Int64, attempt UInt64) ENGINE = MergeTree() ORDER BY (type, value)");
        cluster.OnEveryShard($"""
            CREATE TABLE IF NOT EXISTS {db}.identity_links (a_type String, a_value String, b_type String, b_value String, seen_ms Int64, attempt UInt64)
            ENGINE = MergeTree() ORDER BY (a_type, a_value, b_type, b_value)
            """);
        cluster.OnEveryShard($"CREATE TABLE IF NOT EXISTS {db}.identifier_persons (type String, value String, person String, attempt UInt64) ENGINE = MergeTree() ORDER BY (type, value)");
        // Persons an import's stitching replaced: on every shard, for the shard's own queries to leave their old rows out
        // until they are deleted (purged, on the coordinator, once no shard holds them).
        cluster.OnEveryShard($"CREATE TABLE IF NOT EXISTS {db}.retired (attempt UInt64, person String) ENGINE = MergeTree() ORDER BY (attempt, person)");
        cluster.OnEveryShard($"CREATE TABLE IF NOT EXISTS {db}.purged (attempt UInt64) ENGINE = MergeTree() ORDER BY attempt");
        // Saved measurements (ClickHouseMeasurements), in the order they were saved.
        cluster.OnEveryShard($"CREATE TABLE IF NOT EXISTS {db}.measurements (version UInt64, name String, taken String, definition String, result String) ENGINE = MergeTree() ORDER BY version");
    }
}
