namespace JourneyLens.ClickHouse;

/// <summary>
/// The tables on the cluster (docs/scale-out.md): on every shard a MergeTree of events ordered by (person, time,
/// ingest sequence) — the embedded engine's order, ties broken by input order — and a Distributed table over them,
/// sharded by the person's hash so that every per-person and per-journey computation stays on one shard.
/// </summary>
internal static class ClickHouseSchema
{
    public const string Columns = "person, ts_ms, seq, utc_offset_min, touchpoint, channel, score_type, score, about, value, outcome, contact, event_key";

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
                score_type UInt8, score Int8, about String, value Float64, outcome String, contact String, event_key Int64)
            ENGINE = MergeTree() ORDER BY (person, ts_ms, seq)
            """);
        cluster.OnEveryShard($"CREATE TABLE IF NOT EXISTS {db}.events AS {db}.events_local ENGINE = Distributed({name}, {db}, events_local, cityHash64(person))");
        // Added after the first version: the event_id's key (0: none), so a later file's copy of an event is known.
        foreach (var table in new[] { "events_local", "events" })
        {
            // One row per shard, in the target's order (18.16 has no ADD COLUMN IF NOT EXISTS).
            var has = cluster.OnShards($"SELECT count() FROM system.columns WHERE database = '{db}' AND table = '{table}' AND name = 'event_key'");
            for (var shard = 0; shard < has.Count; shard++)
            {
                if (has[shard][0] == "0")
                {
                    cluster.OnShard(shard, $"ALTER TABLE {db}.{table} ADD COLUMN event_key Int64");
                }
            }
        }

        // What was imported, by content, and every attempt to (ImportAttempts): kept on the coordinating server only.
        cluster.OnEveryShard($"CREATE TABLE IF NOT EXISTS {db}.imports (sha256 String, file String, events UInt64, seq_from UInt64) ENGINE = MergeTree() ORDER BY sha256");
        cluster.OnEveryShard($"CREATE TABLE IF NOT EXISTS {db}.import_attempts (seq_from UInt64, sha256 String, file String) ENGINE = MergeTree() ORDER BY seq_from");
        // The touchpoint catalogue, every version saved; the latest is the workspace's (ClickHouseCatalogue).
        cluster.OnEveryShard($"CREATE TABLE IF NOT EXISTS {db}.catalogue (version UInt64, yaml String, source String) ENGINE = MergeTree() ORDER BY version");
        // Saved measurements (ClickHouseMeasurements), in the order they were saved.
        cluster.OnEveryShard($"CREATE TABLE IF NOT EXISTS {db}.measurements (version UInt64, name String, taken String, definition String, result String) ENGINE = MergeTree() ORDER BY version");
    }
}
