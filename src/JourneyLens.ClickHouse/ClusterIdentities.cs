using System.Globalization;
using System.Text;
using JourneyLens.Core.Identity;
using JourneyLens.Ingest.InMemory;

namespace JourneyLens.ClickHouse;

/// <summary>
/// Identity stitching across imports on a cluster (docs/scale-out.md). The identity graph is kept on the coordinator
/// (identifiers, links, each identifier's person), every row tagged with the import attempt that wrote it and counted
/// once that import committed. An import reads the whole components its identifiers reach and stitches them with the
/// file's own by the embedded resolver: links are applied in the order they were first seen, so a component comes out
/// as stitching everything again would make it, and the rest is untouched.
/// <para>
/// A stored person whose identifiers now belong elsewhere is retired: its events are written again under their new
/// persons, on whichever shard those live, in the same attempt (ingest sequence kept, so ties keep their order), and
/// its old rows are left out of every query from the commit on, until they are deleted. Before the commit the copies
/// are invisible, after it the originals: no query ever counts both.
/// </para>
/// </summary>
internal static class ClusterIdentities
{
    /// <summary>What stitching decided for one import.</summary>
    /// <param name="PersonOfIdentifier">The person (its name) of each of the file's identifiers, by index.</param>
    /// <param name="Retired">Stored persons replaced: every event of theirs is written again.</param>
    /// <param name="PersonOfName">The new person of each identifier of a retired person, by the identifier's name.</param>
    public sealed record Stitched(string[] PersonOfIdentifier, IReadOnlyList<string> Retired, IReadOnlyDictionary<string, string> PersonOfName)
    {
        /// <summary>The identity rows this import adds (TSV), written before the commit.</summary>
        public required byte[] Identifiers { get; init; }
        public required byte[] Links { get; init; }
        public required byte[] Persons { get; init; }
    }

    public static string Name(string type, string value) => $"{type}:{value}";

    /// <summary>Stitches the file's identifiers with the stored components they reach.</summary>
    public static Stitched Stitch(ClickHouseCluster cluster, EventFile file, IdentityRules rules, long attempt)
    {
        var graph = new Graph(file.Identities);
        var oldPerson = new Dictionary<int, string>();
        var db = cluster.Target.Database;
        string[] names;
        if (cluster.Rows($"SELECT count() FROM (SELECT 1 FROM {db}.identifiers WHERE {Committed(db)} LIMIT 1)")[0][0] == "0")
        {
            // Nothing stored (a first import): the file's own stitching is the whole answer.
            var s = file.Stitching;
            names = [.. Enumerable.Range(0, graph.Count).Select(i => graph.Name(s.KeyIdentifierOfPerson[s.PersonOfIdentifier[i]]))];
        }
        else
        {
            Reach(cluster, graph, oldPerson, attempt);
            var resolution = IdentityResolver.Resolve(graph.ToIdentityGraph(), rules);
            names = [.. Enumerable.Range(0, graph.Count).Select(i => graph.Name(resolution.KeyIdentifierOfPerson[resolution.PersonOfIdentifier[i]]))];
        }

        var retired = oldPerson.Where(o => names[o.Key] != o.Value).Select(o => o.Value).ToHashSet(StringComparer.Ordinal);
        var moved = oldPerson.Where(o => retired.Contains(o.Value)).ToDictionary(o => graph.Name(o.Key), o => names[o.Key], StringComparer.Ordinal);
        var fileCount = file.Identities.Count;
        return new Stitched(names[..fileCount], [.. retired.Order(StringComparer.Ordinal)], moved)
        {
            Identifiers = Tsv(Enumerable.Range(0, fileCount).Select(i => Row(graph.Types[i], graph.Values[i], Number(file.Identities.FirstSeenMs[i]), Number(attempt)))),
            Links = Tsv(file.Identities.Links.Select((l, k) => Row(graph.Types[l.A], graph.Values[l.A], graph.Types[l.B], graph.Values[l.B], Number(file.Identities.LinkSeenMs[k]), Number(attempt)))),
            // Only what changed: an identifier new to the cluster, or stitched to another person than before.
            Persons = Tsv(Enumerable.Range(0, graph.Count).Where(i => !oldPerson.TryGetValue(i, out var old) || old != names[i])
                .Select(i => Row(graph.Types[i], graph.Values[i], names[i], Number(attempt)))),
        };
    }

    /// <summary>
    /// Writes, before the commit, what <paramref name="stitched"/> decided: the identity rows, the retired persons, and
    /// every event of theirs again under its new person (tagged with the attempt, so invisible until the commit).
    /// </summary>
    /// <param name="visible">The rows queries see now (<see cref="ImportAttempts.Visible"/>): the copies are made of those.</param>
    public static long Write(ClickHouseCluster cluster, Stitched stitched, long attempt, string visible)
    {
        var db = cluster.Target.Database;
        long moved = 0;
        if (stitched.Retired.Count > 0)
        {
            var retired = Encoding.UTF8.GetBytes(string.Concat(stitched.Retired.Select(p => Row(Number(attempt), p))));
            cluster.InsertOnEveryShard($"{db}.retired", retired, ["attempt", "person"]);
            moved = Copy(cluster, stitched, attempt, visible);
        }

        Insert(cluster, $"{db}.identifiers", stitched.Identifiers, ["type", "value", "first_seen_ms", "attempt"]);
        Insert(cluster, $"{db}.identity_links", stitched.Links, ["a_type", "a_value", "b_type", "b_value", "seen_ms", "attempt"]);
        Insert(cluster, $"{db}.identifier_persons", stitched.Persons, ["type", "value", "person", "attempt"]);
        return moved;
    }

    /// <summary>
    /// The conditions that leave retired persons' old rows out (one per committed import whose retired rows may not
    /// all be deleted yet; usually none).
    /// </summary>
    public static IEnumerable<string> Hidden(ClickHouseCluster cluster)
    {
        var db = cluster.Target.Database;
        return Unpurged(cluster).Select(a => $"NOT (written_in < {Number(a)} AND person IN (SELECT person FROM {db}.retired WHERE attempt = {Number(a)}))");
    }

    /// <summary>
    /// Deletes retired persons' old rows from the shards (asynchronously: ClickHouse mutations), and records a
    /// retirement as purged once no shard holds a row of it; until then queries leave those rows out.
    /// </summary>
    public static void Purge(ClickHouseCluster cluster)
    {
        var db = cluster.Target.Database;
        foreach (var attempt in Unpurged(cluster))
        {
            var condition = $"written_in < {Number(attempt)} AND person IN (SELECT person FROM {db}.retired WHERE attempt = {Number(attempt)})";
            var left = cluster.OnShards($"SELECT count() FROM {db}.events_local WHERE {condition}");
            if (left.All(r => r[0] == "0"))
            {
                using var row = new MemoryStream(Encoding.UTF8.GetBytes(Row(Number(attempt))));
                cluster.Insert($"{db}.purged", row, ["attempt"]);
                continue;
            }

            // Asked again only where no deletion is still running: a mutation queued twice would do the work twice.
            var running = cluster.OnShards($"SELECT count() FROM system.mutations WHERE database = '{db}' AND table = 'events_local' AND is_done = 0");
            for (var shard = 0; shard < left.Count; shard++)
            {
                if (left[shard][0] != "0" && running[shard][0] == "0")
                {
                    cluster.OnShard(shard, $"ALTER TABLE {db}.events_local DELETE WHERE {condition}");
                }
            }
        }
    }

    private static List<long> Unpurged(ClickHouseCluster cluster)
    {
        var db = cluster.Target.Database;
        return [.. cluster.Rows($"""
            SELECT DISTINCT attempt FROM {db}.retired
            WHERE attempt IN (SELECT seq_from FROM {db}.imports) AND attempt NOT IN (SELECT attempt FROM {db}.purged) ORDER BY attempt
            """).Select(r => long.Parse(r[0], CultureInfo.InvariantCulture))];
    }

    private static string Committed(string db) => $"attempt IN (SELECT seq_from FROM {db}.imports)";

    /// <summary>
    /// Adds to <paramref name="graph"/> every stored identifier and link its identifiers reach (whole components, one
    /// query per step away), with the earliest time each was seen and the person each belongs to now.
    /// </summary>
    private static void Reach(ClickHouseCluster cluster, Graph graph, Dictionary<int, string> oldPerson, long attempt)
    {
        var db = cluster.Target.Database;
        var (frontier, reached) = ($"{db}.frontier_{Number(attempt)}", $"{db}.reached_{Number(attempt)}");
        foreach (var table in new[] { frontier, reached })
        {
            cluster.OnShard(0, $"CREATE TABLE IF NOT EXISTS {table} (type String, value String) ENGINE = Memory");
        }

        try
        {
            var next = Enumerable.Range(0, graph.Count).ToList();
            while (next.Count > 0)
            {
                var rows = Tsv(next.Select(i => Row(graph.Types[i], graph.Values[i])));
                cluster.OnShard(0, $"TRUNCATE TABLE {frontier}");
                Insert(cluster, frontier, rows, ["type", "value"]);
                Insert(cluster, reached, rows, ["type", "value"]);
                next = [];
                foreach (var link in cluster.Rows($"""
                    SELECT a_type, a_value, b_type, b_value, min(seen_ms) FROM {db}.identity_links
                    WHERE {Committed(db)} AND ((a_type, a_value) IN (SELECT type, value FROM {frontier}) OR (b_type, b_value) IN (SELECT type, value FROM {frontier}))
                    GROUP BY a_type, a_value, b_type, b_value
                    """))
                {
                    var a = graph.Add(link[0], link[1], next);
                    var b = graph.Add(link[2], link[3], next);
                    graph.Link(a, b, long.Parse(link[4], CultureInfo.InvariantCulture));
                }
            }

            foreach (var row in cluster.Rows($"""
                SELECT type, value, min(first_seen_ms) FROM {db}.identifiers
                WHERE {Committed(db)} AND (type, value) IN (SELECT type, value FROM {reached}) GROUP BY type, value
                """))
            {
                graph.Seen(graph.Add(row[0], row[1], null), long.Parse(row[2], CultureInfo.InvariantCulture));
            }

            foreach (var row in cluster.Rows($"""
                SELECT type, value, argMax(person, attempt) FROM {db}.identifier_persons
                WHERE {Committed(db)} AND (type, value) IN (SELECT type, value FROM {reached}) GROUP BY type, value
                """))
            {
                oldPerson[graph.Add(row[0], row[1], null)] = row[2];
            }
        }
        finally
        {
            cluster.OnShard(0, $"DROP TABLE IF EXISTS {frontier}");
            cluster.OnShard(0, $"DROP TABLE IF EXISTS {reached}");
        }
    }

    /// <summary>Every event of the retired persons, written again under its identifier's new person; returns how many.</summary>
    private static long Copy(ClickHouseCluster cluster, Stitched stitched, long attempt, string visible)
    {
        var db = cluster.Target.Database;
        var table = $"{db}.moving_{Number(attempt)}";
        cluster.OnEveryShard($"CREATE TABLE IF NOT EXISTS {table} (person String) ENGINE = Memory");
        try
        {
            cluster.InsertOnEveryShard(table, Encoding.UTF8.GetBytes(string.Concat(stitched.Retired.Select(p => Row(p)))), ["person"]);
            var columns = ClickHouseSchema.Columns.Split(", ");
            var (person, identifier, writtenIn) = (0, Array.IndexOf(columns, "identifier"), Array.IndexOf(columns, "written_in"));
            long count = 0;
            using var tsv = new MemoryStream();
            using (var writer = new StreamWriter(tsv, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" })
            {
                foreach (var line in cluster.OnShardLines($"SELECT {ClickHouseSchema.Columns} FROM {db}.events_local WHERE person IN (SELECT person FROM {table}) AND {visible}"))
                {
                    var fields = line.Split('\t');
                    // Rows written before identifiers were kept carry none: their person's name is an identifier too.
                    var name = ClickHouseCluster.Unescape(fields[identifier]) is { Length: > 0 } id ? id : ClickHouseCluster.Unescape(fields[person]);
                    if (stitched.PersonOfName.TryGetValue(name, out var to))
                    {
                        fields[person] = ClickHouseCluster.Escape(to);
                    }

                    fields[writtenIn] = Number(attempt);
                    writer.Write(string.Join('\t', fields));
                    writer.Write('\n');
                    count++;
                }
            }

            tsv.Position = 0;
            cluster.Insert($"{db}.events", tsv, columns);
            return count;
        }
        finally
        {
            cluster.OnEveryShard($"DROP TABLE IF EXISTS {table}");
        }
    }

    private static void Insert(ClickHouseCluster cluster, string table, byte[] tsv, string[] columns)
    {
        if (tsv.Length > 0)
        {
            using var rows = new MemoryStream(tsv, writable: false);
            cluster.Insert(table, rows, columns);
        }
    }

    private static string Row(params string[] fields) => string.Join('\t', fields.Select(ClickHouseCluster.Escape)) + "\n";

    private static byte[] Tsv(IEnumerable<string> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(row);
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Number(long value) => ClickHouseCluster.Number(value);

    /// <summary>The file's identity graph grown by what the cluster holds, as the resolver takes it.</summary>
    private sealed class Graph
    {
        private readonly Dictionary<(string, string), int> _index = [];
        private readonly Dictionary<(int, int), int> _linked = [];
        private readonly List<(int, int)> _links;
        private readonly List<long> _linkSeen;

        public Graph(IdentityGraph file)
        {
            (Types, Values, FirstSeen) = ([.. file.Types], [.. file.Values], [.. file.FirstSeenMs]);
            (_links, _linkSeen) = ([.. file.Links], [.. file.LinkSeenMs]);
            for (var i = 0; i < Types.Count; i++)
            {
                _index[(Types[i], Values[i])] = i;
            }

            for (var k = 0; k < _links.Count; k++)
            {
                _linked[Pair(_links[k].Item1, _links[k].Item2)] = k;
            }
        }

        public List<string> Types { get; }
        public List<string> Values { get; }
        public List<long> FirstSeen { get; }
        public int Count => Types.Count;

        public string Name(int i) => ClusterIdentities.Name(Types[i], Values[i]);

        /// <summary>The identifier's index, added if new (and then put in <paramref name="added"/>, to be followed further).</summary>
        public int Add(string type, string value, List<int>? added)
        {
            if (_index.TryGetValue((type, value), out var i))
            {
                return i;
            }

            i = Types.Count;
            _index[(type, value)] = i;
            Types.Add(type);
            Values.Add(value);
            FirstSeen.Add(long.MaxValue); // set from the stored identifiers once all are reached
            added?.Add(i);
            return i;
        }

        public void Seen(int i, long ms) => FirstSeen[i] = Math.Min(FirstSeen[i], ms);

        public void Link(int a, int b, long seenMs)
        {
            if (a == b)
            {
                return;
            }

            if (_linked.TryGetValue(Pair(a, b), out var k))
            {
                _linkSeen[k] = Math.Min(_linkSeen[k], seenMs);
                return;
            }

            _linked[Pair(a, b)] = _links.Count;
            _links.Add((a, b));
            _linkSeen.Add(seenMs);
        }

        public IdentityGraph ToIdentityGraph() => new()
        {
            Types = [.. Types], Values = [.. Values], FirstSeenMs = [.. FirstSeen], Links = [.. _links], LinkSeenMs = [.. _linkSeen],
        };

        private static (int, int) Pair(int a, int b) => a < b ? (a, b) : (b, a);
    }
}
