using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using JourneyLens.Core.Events;
using JourneyLens.Ingest;
using JourneyLens.Ingest.InMemory;

namespace JourneyLens.ClickHouse;

/// <param name="AlreadyImported">The same file content was imported before: nothing was added.</param>
public sealed record ClusterImportSummary(string File, long Accepted, long Quarantined, long Duplicates, long Persons, bool AlreadyImported)
{
    /// <summary>Every rejected row with its file, line, field and reason (JSON lines), when a quarantine folder was given and rows were rejected.</summary>
    public string? QuarantineFile { get; init; }

    /// <summary>Persons already on the cluster that this file's identifiers joined to others (or split): their events were moved.</summary>
    public int PersonsMerged { get; init; }
    public long EventsMoved { get; init; }
}

/// <summary>
/// A file into the cluster: read, validated, deduplicated and stitched by the same readers and resolver as an embedded
/// import (the file read into memory), then each event written with its person's key identifier — the person — onto
/// its shard. The same file content again adds nothing.
/// </summary>
public static class ClickHouseImport
{
    /// <param name="read">Told what the file held once it is read: its rejected rows by reason and the first in full, to report.</param>
    /// <param name="quarantineFolder">Where every rejected row is written (as an embedded import writes them), under its final name only once the import has committed.</param>
    public static ClusterImportSummary Import(ClickHouseTarget target, string path, ImportOptions options, Action<EventFile>? read = null, string? quarantineFolder = null)
    {
        target.Check();
        using var cluster = new ClickHouseCluster(target);
        ClickHouseSchema.Ensure(cluster);
        using var turn = ImportTurn.Take(target);
        string sha;
        using (var content = File.OpenRead(path))
        {
            sha = Convert.ToHexStringLower(SHA256.HashData(content)); // streamed: a file of gigabytes is not read into memory for its hash
        }

        var db = target.Database;
        if (cluster.Rows($"SELECT count() FROM {db}.imports WHERE sha256 = '{sha}'")[0][0] != "0")
        {
            return new ClusterImportSummary(path, 0, 0, 0, 0, AlreadyImported: true);
        }

        using var quarantine = quarantineFolder is null ? null : new Storage.Import.QuarantineWriter(quarantineFolder, Storage.Import.QuarantineWriter.NameFor(sha[..12], path));
        var file = EventFile.Read(path, options, rejected: quarantine is null ? null : quarantine.Write);
        read?.Invoke(file);
        // Invisible until the commit below: a failure before it leaves nothing of this file in any answer.
        var seqFrom = ImportAttempts.Start(cluster, sha, Path.GetFileName(path));
        var stored = StoredEventIds(cluster, file, seqFrom);
        var stitched = ClusterIdentities.Stitch(cluster, file, options.IdentityRules, seqFrom);
        var moved = ClusterIdentities.Write(cluster, stitched, seqFrom, ImportAttempts.Visible(cluster));
        var identifierNames = file.Identities.Types.Select((type, i) => ClickHouseCluster.Escape(ClusterIdentities.Name(type, file.Identities.Values[i]))).ToArray();
        var personNames = stitched.PersonOfIdentifier.Select(ClickHouseCluster.Escape).ToArray();
        var persons = new HashSet<string>(StringComparer.Ordinal);
        long written = 0;
        using var tsv = new MemoryStream();
        using (var writer = new StreamWriter(tsv, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" })
        {
            var ev = file.Events;
            var attempt = ClickHouseCluster.Number(seqFrom);
            for (var p = 0; p < ev.PersonCount; p++)
            {
                for (var i = ev.PersonStart[p]; i < ev.PersonStart[p + 1]; i++)
                {
                    var key = EventKey(file, ev.RowId[i]);
                    if (key != 0 && stored.Contains(key))
                    {
                        continue;
                    }

                    // The person as stitched with what the cluster holds (not only this file): the event's identifier's.
                    var identifier = file.IdentifierOfRow[ev.RowId[i]];
                    var person = personNames[identifier];
                    persons.Add(person);
                    written++;
                    writer.Write(person);
                    writer.Write('\t');
                    writer.Write(ClickHouseCluster.Number(ev.TimestampMs[i]));
                    writer.Write('\t');
                    writer.Write(ClickHouseCluster.Number(seqFrom + ev.RowId[i]));
                    writer.Write('\t');
                    writer.Write(ClickHouseCluster.Number(ev.UtcOffsetMinutes[i]));
                    writer.Write('\t');
                    writer.Write(ClickHouseCluster.Escape(ev.TouchpointNames[ev.Touchpoint[i]]));
                    writer.Write('\t');
                    writer.Write(ClickHouseCluster.Escape(ev.ChannelNames[ev.Channel[i]]));
                    writer.Write('\t');
                    writer.Write(ClickHouseCluster.Number((long)ev.ScoreType[i]));
                    writer.Write('\t');
                    writer.Write(ClickHouseCluster.Number(ev.ScoreType[i] == ScoreType.None ? 0 : ev.Score[i]));
                    writer.Write('\t');
                    writer.Write(ev.About[i] < 0 ? "" : ClickHouseCluster.Escape(ev.TouchpointNames[ev.About[i]]));
                    writer.Write('\t');
                    writer.Write(double.IsNaN(ev.Value[i]) ? "nan" : ev.Value[i].ToString("R", CultureInfo.InvariantCulture));
                    writer.Write('\t');
                    writer.Write(ev.Outcome[i] == 0 ? "" : ClickHouseCluster.Escape(ev.OutcomeNames[ev.Outcome[i]]));
                    writer.Write('\t');
                    writer.Write(ev.Contact[i] == 0 ? "" : ClickHouseCluster.Number(ev.Contact[i]));
                    writer.Write('\t');
                    writer.Write(ClickHouseCluster.Number(key));
                    writer.Write('\t');
                    writer.Write(identifierNames[identifier]);
                    writer.Write('\t');
                    writer.Write(attempt);
                    writer.Write('\n');
                }
            }
        }

        tsv.Position = 0;
        cluster.Insert($"{db}.events", tsv, ClickHouseSchema.Columns.Split(", "));
        if (Interruptions.TryGetValue(db, out var interrupt))
        {
            interrupt();
        }

        using var record = new MemoryStream(Encoding.UTF8.GetBytes(
            $"{sha}\t{ClickHouseCluster.Escape(Path.GetFileName(path))}\t{ClickHouseCluster.Number(written)}\t{ClickHouseCluster.Number(seqFrom)}\n"));
        cluster.Insert($"{db}.imports", record, ["sha256", "file", "events", "seq_from"]); // the commit
        if (stitched.Retired.Count > 0)
        {
            ClusterIdentities.Purge(cluster); // the replaced persons' old rows: deleted in the background, left out until then
        }

        return new ClusterImportSummary(path, written, file.Quarantined, file.Duplicates + (file.Accepted - written), persons.Count, AlreadyImported: false)
        {
            PersonsMerged = stitched.Retired.Count,
            EventsMoved = moved,
            QuarantineFile = quarantine?.Commit(),
        };
    }

    /// <summary>The tests' way to stop an import into a database after every row is written and before its commit (a process killed there).</summary>
    internal static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Action> Interruptions = new();

    private static long EventKey(EventFile file, long rowId) => rowId < file.EventIdKeys.Length ? file.EventIdKeys[rowId] : 0;

    /// <summary>
    /// Which of the file's event_ids the cluster already holds in committed rows (an overlapping export): the file's keys
    /// go to a table on every shard for the time of the question, and each shard answers from its own events.
    /// </summary>
    private static HashSet<long> StoredEventIds(ClickHouseCluster cluster, EventFile file, long seqFrom)
    {
        var keys = file.EventIdKeys.Where(k => k != 0).Distinct().ToList();
        var db = cluster.Target.Database;
        if (keys.Count == 0 || cluster.OnShards($"SELECT count() FROM (SELECT 1 FROM {db}.events_local WHERE event_key != 0 LIMIT 1)").All(r => r[0] == "0"))
        {
            return []; // nothing to compare with (the first file with event_ids): no need to send the keys
        }

        var table = $"{db}.incoming_keys_{seqFrom}";
        cluster.OnEveryShard($"CREATE TABLE IF NOT EXISTS {table} (k Int64) ENGINE = Memory");
        try
        {
            var text = new StringBuilder(keys.Count * 21);
            foreach (var key in keys)
            {
                text.Append(ClickHouseCluster.Number(key)).Append('\n');
            }

            cluster.InsertOnEveryShard(table, Encoding.UTF8.GetBytes(text.ToString()), ["k"]);
            var visible = ImportAttempts.Visible(cluster);
            return [.. ShardRows.Merge(cluster.OnShards($"SELECT DISTINCT event_key FROM {db}.events_local WHERE event_key IN (SELECT k FROM {table}) AND {visible}"), Combine.Key)
                .Select(r => long.Parse(r[0], CultureInfo.InvariantCulture))];
        }
        finally
        {
            cluster.OnEveryShard($"DROP TABLE IF EXISTS {table}");
        }
    }
}

/// <summary>
/// One import at a time into a cluster from this machine (the web server's inbox rounds and a command, say): each
/// takes the next ingest sequence numbers from what is stored, so two at once would take the same ones. A file lock
/// that every process on the machine sees; imports from several machines at once are not guarded yet.
/// </summary>
internal sealed class ImportTurn(FileStream held) : IDisposable
{
    public static ImportTurn Take(ClickHouseTarget target)
    {
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{string.Join(",", target.Shards)} {target.Cluster} {target.Database}")))[..16];
        var path = Path.Combine(Path.GetTempPath(), $"journeylens-cluster-import-{name}.lock");
        while (true)
        {
            try
            {
                return new ImportTurn(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                Thread.Sleep(50); // another import holds the turn: wait for it, however long it takes
            }
        }
    }

    public void Dispose() => held.Dispose();
}

