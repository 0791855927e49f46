using JourneyLens.Core.Identity;
using Microsoft.Data.Sqlite;

namespace JourneyLens.Storage.Import;

/// <summary>
/// Re-runs identity stitching over all identifiers and links of the workspace (inside the import's transaction) and
/// stores the persons, each identifier's person and each link's decision. Stitching the whole graph again keeps the
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
        var oldPerson = new List<long?>();
        using (var cmd = Command(connection, transaction, "SELECT id, type, value, first_seen_ms, person_id FROM identifiers ORDER BY id"))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                ids.Add(r.GetInt64(0));
                types.Add(r.GetString(1));
                values.Add(r.GetString(2));
                firstSeen.Add(r.GetInt64(3));
                oldPerson.Add(r.IsDBNull(4) ? null : r.GetInt64(4));
            }
        }

        var index = new Dictionary<long, int>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            index[ids[i]] = i;
        }

        var linkIds = new List<long>();
        var links = new List<(int, int)>();
        var oldDecision = new List<int?>();
        using (var cmd = Command(connection, transaction, "SELECT id, a, b, decision FROM identity_links ORDER BY id"))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                linkIds.Add(r.GetInt64(0));
                links.Add((index[r.GetInt64(1)], index[r.GetInt64(2)]));
                oldDecision.Add(r.IsDBNull(3) ? null : r.GetInt32(3));
            }
        }

        var graph = new IdentityGraph { Types = [.. types], Values = [.. values], FirstSeenMs = [.. firstSeen], Links = [.. links] };
        var resolution = IdentityResolver.Resolve(graph, rules);

        using (var delete = Command(connection, transaction, "DELETE FROM persons"))
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

        using (var update = new RawStatement(connection, "UPDATE identifiers SET person_id = ? WHERE id = ?"))
        {
            for (var i = 0; i < ids.Count; i++)
            {
                long now = resolution.PersonOfIdentifier[i] + 1;
                if (oldPerson[i] != now)
                {
                    update.Bind(1, now);
                    update.Bind(2, ids[i]);
                    update.Execute();
                }
            }
        }

        using (var update = new RawStatement(connection, "UPDATE identity_links SET decision = ?, detail = ? WHERE id = ?"))
        {
            for (var l = 0; l < linkIds.Count; l++)
            {
                var now = (int)resolution.Decisions[l];
                if (oldDecision[l] != now || resolution.DecisionDetails[l] is not null)
                {
                    update.Bind(1, now);
                    update.Bind(2, resolution.DecisionDetails[l]);
                    update.Bind(3, linkIds[l]);
                    update.Execute();
                }
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
