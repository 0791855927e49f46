using JourneyLens.Core.Identity;
using Microsoft.Data.Sqlite;

namespace JourneyLens.Storage.Import;

/// <summary>
/// Re-runs identity stitching over all identifiers and links of the workspace (inside the import's transaction) and
/// stores the persons, each identifier's person and each link's decision, replacing the previous results. Stitching the whole graph again keeps the
/// result independent of how the data was split into imports.
/// </summary>
internal static class PersonStitcher
{
    public static long Recompute(SqliteConnection connection, SqliteTransaction transaction, IdentityRules rules)
    {
        var ids = new List<long>();
        var types = new List<string>();
        var values = new List<string>();
        var firstSeen = new List<long>();
        using (var cmd = Command(connection, transaction, "SELECT id, type, value, first_seen_ms FROM identifiers ORDER BY id"))
        using (var r = cmd.ExecuteReader())
        {
            var typeNames = new Dictionary<string, string>(StringComparer.Ordinal);
            while (r.Read())
            {
                ids.Add(r.GetInt64(0));
                var type = r.GetString(1);
                type = typeNames.TryAdd(type, type) ? type : typeNames[type];
                types.Add(type);
                values.Add(rules.UniqueTypes.Contains(type) ? r.GetString(2) : ""); // only unique types' values are compared
                firstSeen.Add(r.GetInt64(3));
            }
        }

        // Identifier ids are dense from 1, so identifier id N is graph node N - 1.
        if (ids.Count > 0 && ids[^1] != ids.Count)
        {
            throw new InvalidOperationException($"identifier ids are not dense: {ids.Count} identifiers, the last id {ids[^1]}");
        }

        var linkIds = new List<long>();
        var links = new List<(int, int)>();
        using (var cmd = Command(connection, transaction, "SELECT id, a, b FROM identity_links ORDER BY id"))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                linkIds.Add(r.GetInt64(0));
                links.Add(((int)r.GetInt64(1) - 1, (int)r.GetInt64(2) - 1));
            }
        }

        var graph = new IdentityGraph { Types = [.. types], Values = [.. values], FirstSeenMs = [.. firstSeen], Links = [.. links] };
        var resolution = IdentityResolver.Resolve(graph, rules);

        using (var delete = Command(connection, transaction, "DELETE FROM persons; DROP INDEX IF EXISTS identifier_persons_person; DELETE FROM identifier_persons; DELETE FROM link_decisions;"))
        {
            delete.ExecuteNonQuery();
        }

        using (var insert = new RawStatement(connection, "INSERT INTO persons (id, key_identifier_id, identifier_count, capped) VALUES (?, ?, ?, ?)"))
        {
            for (var p = 0; p < resolution.PersonCount; p++)
            {
                insert.Bind(1, p + 1);
                insert.Bind(2, ids[resolution.KeyIdentifierOfPerson[p]]);
                insert.Bind(3, resolution.IdentifierCountOfPerson[p]);
                insert.Bind(4, resolution.CappedPerson[p] ? 1 : 0);
                insert.Execute();
            }
        }

        using (var insert = new RawStatement(connection, "INSERT INTO identifier_persons (identifier_id, person_id) VALUES (?, ?)"))
        {
            for (var i = 0; i < ids.Count; i++)
            {
                insert.Bind(1, ids[i]);
                insert.Bind(2, resolution.PersonOfIdentifier[i] + 1);
                insert.Execute();
            }
        }

        // Built once after the rows instead of kept up to date row by row: sorting once is far cheaper.
        using (var index = Command(connection, transaction, "CREATE INDEX identifier_persons_person ON identifier_persons (person_id)"))
        {
            index.ExecuteNonQuery();
        }

        using (var insert = new RawStatement(connection, "INSERT INTO link_decisions (link_id, decision, detail) VALUES (?, ?, ?)"))
        {
            for (var l = 0; l < linkIds.Count; l++)
            {
                if (resolution.Decisions[l] == LinkDecision.Merged)
                {
                    continue; // the common case is the absence of a row
                }

                insert.Bind(1, linkIds[l]);
                insert.Bind(2, (int)resolution.Decisions[l]);
                insert.Bind(3, resolution.DecisionDetails[l]);
                insert.Execute();
            }
        }

        return resolution.PersonCount;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = sql;
        return cmd;
    }
}
