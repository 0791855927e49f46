using JourneyLens.Core.Identity;
using Microsoft.Data.Sqlite;

namespace JourneyLens.Storage.Import;

/// <summary>
/// Stores the persons stitching makes of the workspace's identifiers and links (inside the import's transaction):
/// each person, each identifier's person and each link's decision.
/// <para>
/// Links are applied in the order of when they were first seen, so a part of the identity graph that no link joins
/// to the rest (a component) is stitched the same whatever else is in the workspace. An import therefore revisits
/// only the components holding the identifiers it touched and replaces their persons; the rest stays as it is. That
/// is the result of stitching everything again, by construction, and a property test holds it to that.
/// </para>
/// Persons get ids of their own (new ones after the highest); <see cref="Queries.PersonSlots"/> orders them.
/// </summary>
internal static class PersonStitcher
{
    private const string EverythingKey = "stitch_everything";

    /// <summary>
    /// Stitches what an import touched, or everything when that is cheaper or a migration asked for it. Returns the
    /// identifiers whose persons were made again (the touched components), or null when everything was.
    /// </summary>
    public static IReadOnlySet<long>? Update(SqliteConnection connection, SqliteTransaction transaction, IdentityRules rules, IReadOnlyCollection<long> touched)
    {
        var identifiers = Scalar(connection, transaction, "SELECT coalesce(max(id), 0) FROM identifiers");
        var everything = Scalar(connection, transaction, $"SELECT count(*) FROM meta WHERE key = '{EverythingKey}'") > 0
            || Scalar(connection, transaction, "SELECT count(*) FROM (SELECT 1 FROM persons LIMIT 1)") == 0;
        // Revisiting costs index lookups per identifier of the touched components; reading everything costs a scan.
        if (!everything && touched.Count * 4L <= identifiers && Revisit(connection, transaction, rules, touched, identifiers / 2) is { } revisited)
        {
            return revisited;
        }

        Recompute(connection, transaction, rules);
        return null;
    }

    /// <summary>Stitches every identifier and link again and numbers the persons 1..n in their order.</summary>
    public static void Recompute(SqliteConnection connection, SqliteTransaction transaction, IdentityRules rules)
    {
        var part = new GraphPart();
        using (var rows = new RawStatement(connection, "SELECT id, type, value, first_seen_ms, has_events FROM identifiers ORDER BY id"))
        {
            var typeNames = new Dictionary<string, string>(StringComparer.Ordinal);
            while (rows.Read())
            {
                var type = rows.String(1);
                type = typeNames.TryAdd(type, type) ? type : typeNames[type]; // one string per type: the resolver compares them by reference first
                part.AddIdentifier(rows.Int64(0), type, rows.String(2), rows.Int64(3), rows.Int64(4) != 0);
            }
        }

        using (var rows = new RawStatement(connection, "SELECT id, a, b, seen_ms FROM identity_links ORDER BY id"))
        {
            while (rows.Read())
            {
                part.AddLink(rows.Int64(0), rows.Int64(1), rows.Int64(2), rows.Int64(3));
            }
        }

        Execute(connection, transaction, $"DELETE FROM persons; DROP INDEX IF EXISTS identifier_persons_person; DELETE FROM identifier_persons; DELETE FROM link_decisions; DELETE FROM meta WHERE key = '{EverythingKey}';");
        part.Store(connection, rules, firstPersonId: 1, replacing: false);
        // Built once after the rows instead of kept up to date row by row: sorting once is far cheaper.
        Execute(connection, transaction, "CREATE INDEX identifier_persons_person ON identifier_persons (person_id)");
    }

    /// <summary>
    /// Stitches the components of <paramref name="touched"/> again and returns their identifiers; null (nothing written)
    /// when they hold more than <paramref name="limit"/> identifiers, where stitching everything is cheaper.
    /// </summary>
    private static HashSet<long>? Revisit(SqliteConnection connection, SqliteTransaction transaction, IdentityRules rules, IReadOnlyCollection<long> touched, long limit)
    {
        var part = new GraphPart();
        var seen = new HashSet<long>(touched);
        var queue = new Queue<long>(touched);
        var links = new Dictionary<long, (long A, long B, long SeenMs)>();
        using (var linksOf = new RawStatement(connection, "SELECT id, a, b, seen_ms FROM identity_links WHERE a = ?1 UNION ALL SELECT id, a, b, seen_ms FROM identity_links WHERE b = ?1"))
        {
            while (queue.TryDequeue(out var id))
            {
                linksOf.Reset();
                linksOf.Bind(1, id);
                while (linksOf.Read())
                {
                    var (a, b) = (linksOf.Int64(1), linksOf.Int64(2));
                    links.TryAdd(linksOf.Int64(0), (a, b, linksOf.Int64(3)));
                    var other = a == id ? b : a;
                    if (seen.Add(other))
                    {
                        queue.Enqueue(other);
                    }
                }

                if (seen.Count > limit)
                {
                    return null;
                }
            }
        }

        var ids = seen.Order().ToArray();
        var oldPersons = new HashSet<long>();
        using (var identifier = new RawStatement(connection, "SELECT type, value, first_seen_ms, has_events FROM identifiers WHERE id = ?"))
        using (var personOf = new RawStatement(connection, "SELECT person_id FROM identifier_persons WHERE identifier_id = ?"))
        {
            foreach (var id in ids)
            {
                identifier.Reset();
                identifier.Bind(1, id);
                if (!identifier.Read())
                {
                    throw new InvalidOperationException($"identifier {id} is linked but not stored");
                }

                part.AddIdentifier(id, identifier.String(0), identifier.String(1), identifier.Int64(2), identifier.Int64(3) != 0);
                personOf.Reset();
                personOf.Bind(1, id);
                if (personOf.Read())
                {
                    oldPersons.Add(personOf.Int64(0));
                }
            }
        }

        foreach (var (linkId, (a, b, seenMs)) in links.OrderBy(l => l.Key))
        {
            part.AddLink(linkId, a, b, seenMs);
        }

        using (var delete = new RawStatement(connection, "DELETE FROM persons WHERE id = ?"))
        {
            foreach (var person in oldPersons)
            {
                delete.Bind(1, person);
                delete.Execute();
            }
        }

        using (var delete = new RawStatement(connection, "DELETE FROM link_decisions WHERE link_id = ?"))
        {
            foreach (var linkId in links.Keys)
            {
                delete.Bind(1, linkId);
                delete.Execute();
            }
        }

        part.Store(connection, rules, Scalar(connection, transaction, "SELECT coalesce(max(id), 0) FROM persons") + 1, replacing: true);
        return seen;
    }

    private static long Scalar(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>Identifiers and links of the workspace (all, or whole components), stitched and stored together.</summary>
    private sealed class GraphPart
    {
        private readonly List<long> _ids = [];
        private readonly Dictionary<long, int> _index = [];
        private readonly List<string> _types = [], _values = [];
        private readonly List<long> _firstSeen = [];
        private readonly List<bool> _hasEvents = [];
        private readonly List<long> _linkIds = [];
        private readonly List<(int, int)> _links = [];
        private readonly List<long> _linkSeen = [];

        public void AddIdentifier(long id, string type, string value, long firstSeenMs, bool hasEvents)
        {
            _index[id] = _ids.Count;
            _ids.Add(id);
            _types.Add(type);
            _values.Add(value);
            _firstSeen.Add(firstSeenMs);
            _hasEvents.Add(hasEvents);
        }

        public void AddLink(long linkId, long a, long b, long seenMs)
        {
            _linkIds.Add(linkId);
            _links.Add((_index[a], _index[b]));
            _linkSeen.Add(seenMs);
        }

        /// <summary>Stitches the part and writes its persons from <paramref name="firstPersonId"/> on, each identifier's person and each link's decision.</summary>
        public void Store(SqliteConnection connection, IdentityRules rules, long firstPersonId, bool replacing)
        {
            var resolution = IdentityResolver.Resolve(new IdentityGraph
            {
                Types = [.. _types], Values = [.. _values], FirstSeenMs = [.. _firstSeen], Links = [.. _links], LinkSeenMs = [.. _linkSeen],
            }, rules);

            var withEvents = new bool[resolution.PersonCount];
            for (var i = 0; i < _ids.Count; i++)
            {
                withEvents[resolution.PersonOfIdentifier[i]] |= _hasEvents[i];
            }

            using (var insert = new RawStatement(connection, "INSERT INTO persons (id, key_identifier_id, identifier_count, capped, with_events, key_seen_ms, key_name) VALUES (?, ?, ?, ?, ?, ?, ?)"))
            {
                for (var p = 0; p < resolution.PersonCount; p++)
                {
                    var key = resolution.KeyIdentifierOfPerson[p];
                    insert.Bind(1, firstPersonId + p);
                    insert.Bind(2, _ids[key]);
                    insert.Bind(3, resolution.IdentifierCountOfPerson[p]);
                    insert.Bind(4, resolution.CappedPerson[p] ? 1 : 0);
                    insert.Bind(5, withEvents[p] ? 1 : 0);
                    insert.Bind(6, _firstSeen[key]);
                    insert.Bind(7, $"{_types[key]}:{_values[key]}");
                    insert.Execute();
                }
            }

            using (var insert = new RawStatement(connection, $"INSERT {(replacing ? "OR REPLACE " : "")}INTO identifier_persons (identifier_id, person_id) VALUES (?, ?)"))
            {
                for (var i = 0; i < _ids.Count; i++)
                {
                    insert.Bind(1, _ids[i]);
                    insert.Bind(2, firstPersonId + resolution.PersonOfIdentifier[i]);
                    insert.Execute();
                }
            }

            using (var insert = new RawStatement(connection, "INSERT INTO link_decisions (link_id, decision, detail) VALUES (?, ?, ?)"))
            {
                for (var l = 0; l < _linkIds.Count; l++)
                {
                    if (resolution.Decisions[l] == LinkDecision.Merged)
                    {
                        continue; // the common case is the absence of a row
                    }

                    insert.Bind(1, _linkIds[l]);
                    insert.Bind(2, (int)resolution.Decisions[l]);
                    insert.Bind(3, resolution.DecisionDetails[l]);
                    insert.Execute();
                }
            }
        }
    }
}
