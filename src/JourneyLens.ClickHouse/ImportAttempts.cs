using System.Globalization;
using System.Text;

namespace JourneyLens.ClickHouse;

/// <summary>
/// What makes a cluster import all-or-nothing (docs/scale-out.md). Writing to several shards is not atomic — a shard
/// can fail after another took its rows — so every import first records an attempt with the first ingest sequence
/// number it will use, and commits by recording the file in <c>imports</c> once every row is on its shard. An attempt's
/// rows are the sequence numbers up to the next attempt's first; the rows of an attempt that never committed (failed,
/// interrupted, or still running) are left out of every query, and the next import deletes them from the shards.
/// </summary>
internal static class ImportAttempts
{
    /// <summary>
    /// Starts an attempt: removes what failed attempts left on the shards (every shard must answer for that), then
    /// records the new attempt and returns its first sequence number, above every row ever written.
    /// </summary>
    public static long Start(ClickHouseCluster cluster, string sha, string file)
    {
        var db = cluster.Target.Database;
        // Every shard asked itself (not through the Distributed table): a shard that does not answer stops the import here.
        var stored = ShardRows.Merge(cluster.OnShards($"SELECT max(seq) + 1 FROM {db}.events_local"), Combine.Max)[0][0];
        var attempted = cluster.Rows($"SELECT max(seq_from) + 1 FROM {db}.import_attempts")[0][0];
        var seqFrom = Math.Max(long.Parse(stored, CultureInfo.InvariantCulture), long.Parse(attempted, CultureInfo.InvariantCulture));
        foreach (var (from, to) in Uncommitted(cluster))
        {
            // Bounded above by this attempt's first number: never a row of this import, whenever the deletion runs. The
            // copies a failed attempt made of moved persons' events keep their old numbers: they go by the attempt's tag.
            cluster.OnEveryShard($"""
                ALTER TABLE {db}.events_local DELETE
                WHERE (seq >= {ClickHouseCluster.Number(from)} AND seq < {ClickHouseCluster.Number(Math.Min(to, seqFrom))}) OR written_in = {ClickHouseCluster.Number(from)}
                """);
        }

        ClusterIdentities.Purge(cluster);

        using var attempt = new MemoryStream(Encoding.UTF8.GetBytes($"{ClickHouseCluster.Number(seqFrom)}\t{sha}\t{ClickHouseCluster.Escape(file)}\n"));
        cluster.Insert($"{db}.import_attempts", attempt, ["seq_from", "sha256", "file"]);
        return seqFrom;
    }

    /// <summary>
    /// The condition that keeps only committed rows, and of persons stitching replaced only their new copies: "1" when
    /// no attempt is open or failed and every replaced person's old rows are deleted.
    /// </summary>
    public static string Visible(ClickHouseCluster cluster)
    {
        var hidden = Uncommitted(cluster).Select(r => r.To == long.MaxValue
            ? $"seq < {ClickHouseCluster.Number(r.From)} AND written_in < {ClickHouseCluster.Number(r.From)}"
            : $"NOT (seq >= {ClickHouseCluster.Number(r.From)} AND seq < {ClickHouseCluster.Number(r.To)}) AND written_in != {ClickHouseCluster.Number(r.From)}")
            .Concat(ClusterIdentities.Hidden(cluster)).ToList();
        return hidden.Count == 0 ? "1" : string.Join(" AND ", hidden);
    }

    /// <summary>The sequence ranges of attempts without a commit, [From, To), To = long.MaxValue for the last attempt.</summary>
    private static List<(long From, long To)> Uncommitted(ClickHouseCluster cluster)
    {
        var db = cluster.Target.Database;
        var attempts = cluster.Rows($"""
            SELECT seq_from, seq_from IN (SELECT seq_from FROM {db}.imports) FROM {db}.import_attempts ORDER BY seq_from
            """).Select(r => (From: long.Parse(r[0], CultureInfo.InvariantCulture), Committed: r[1] == "1")).ToList();
        var ranges = new List<(long, long)>();
        for (var i = 0; i < attempts.Count; i++)
        {
            if (!attempts[i].Committed)
            {
                ranges.Add((attempts[i].From, i + 1 < attempts.Count ? attempts[i + 1].From : long.MaxValue));
            }
        }

        return ranges;
    }
}
