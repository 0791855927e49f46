using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using JourneyLens.Core.Identity;
using JourneyLens.Ingest;
using JourneyLens.Storage.Engine;

namespace JourneyLens.Storage.Tests;

/// <summary>
/// Imports revisit only the part of the identity graph they touch. Whatever the split of a log into batches and the
/// order the batches arrive in, the persons, their keys, the engine's order of them and every link's decision must be
/// those of one import of the whole log.
/// </summary>
public class IncrementalStitchingTests
{
    internal const string Header = "event_id,timestamp,customer_id,email,anonymous_id,channel,touchpoint";

    /// <summary>
    /// Rows of a log with customer ids, e-mails and anonymous ids drawn from pools of <paramref name="pool"/> (times 1,
    /// 1¼ and 2) and times from a few minutes: small pools make merges, refusals (unique ids, the cap) and ties happen.
    /// </summary>
    internal static string[] RandomLog(int seed, int rows, int pool = 4)
    {
        var rng = new Random(seed);
        string Pick(string prefix, int size, double empty) => rng.NextDouble() < empty ? "" : $"{prefix}{rng.Next(size)}";
        var lines = new List<string>();
        for (var r = 0; r < rows; r++)
        {
            var (customer, email, anonymous) = (Pick("C", pool, 0.6), Pick("e", pool + pool / 4, 0.6), Pick("a", 2 * pool, 0.3));
            if (customer + email + anonymous == "")
            {
                anonymous = "a0";
            }

            var at = new DateTime(2024, 3, 1, 9, 0, 0, DateTimeKind.Utc).AddMinutes(rng.Next(12));
            lines.Add($"ev{r},{at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)},{customer},{email},{anonymous},web,page{rng.Next(3)}");
        }

        return [.. lines];
    }

    [Fact]
    public void Any_split_into_batches_in_any_order_of_arrival_gives_the_persons_of_one_import()
    {
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Choose(1, 40).ToArbitrary(), Gen.Choose(2, 6).ToArbitrary(), (seed, rows, batches) =>
        {
            var log = RandomLog(seed, rows);
            var options = new ImportOptions { IdentityRules = new IdentityRules { MaxIdentifiersPerPerson = 3 } };
            using var whole = new TestWorkspace();
            whole.Import(whole.Temp.Write("all.csv", [Header, .. log]), options);

            var rng = new Random(seed ^ 0x5bd1e995);
            var parts = Enumerable.Range(0, batches).Select(_ => new List<string>()).ToList();
            foreach (var line in log)
            {
                parts[rng.Next(batches)].Add(line);
            }

            using var split = new TestWorkspace();
            var order = Enumerable.Range(0, batches).OrderBy(_ => rng.Next()).ToList();
            foreach (var b in order.Where(b => parts[b].Count > 0))
            {
                split.Import(split.Temp.Write($"part{b}.csv", [Header, .. parts[b]]), options);
            }

            var (expected, actual) = (Snapshot(whole), Snapshot(split));
            return (expected == actual).Label($"split {string.Join(" ", order.Select(b => parts[b].Count))}:\n{Diff(expected, actual)}");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_late_batch_with_earlier_links_changes_the_decisions_it_should()
    {
        // Two customer ids reach one device. Whichever link was seen first merges; the other is refused. The batch
        // holding the earlier link arrives last, and still wins.
        using var ws = new TestWorkspace();
        ws.Import(ws.Temp.Write("late.csv", Header, "e2,2024-03-01T10:00:00Z,C2,,a1,web,home"));
        ws.Import(ws.Temp.Write("early.csv", Header, "e1,2024-03-01T09:00:00Z,C1,,a1,web,home"));

        Snapshot(ws).ShouldContain("person customer_id:C1 [anonymous_id:a1 customer_id:C1]");
        Snapshot(ws).ShouldContain("link anonymous_id:a1 customer_id:C2 RefusedUnique");
    }

    /// <summary>Persons (key, members, flags), the engine's order of them, identifiers' first sightings and link decisions, as text.</summary>
    private static string Snapshot(TestWorkspace ws)
    {
        using var workspace = Workspace.Open(ws.Folder, create: false);
        var text = new List<string>();
        void Rows(string sql, Func<Microsoft.Data.Sqlite.SqliteDataReader, string> line)
        {
            using var cmd = workspace.Connection.CreateCommand();
            cmd.CommandText = sql;
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                text.Add(line(r));
            }
        }

        Rows("""
            SELECT k.type || ':' || k.value, p.identifier_count, p.capped, p.with_events,
                   (SELECT group_concat(n, ' ') FROM (SELECT i.type || ':' || i.value AS n FROM identifier_persons ip JOIN identifiers i ON i.id = ip.identifier_id WHERE ip.person_id = p.id ORDER BY n))
            FROM persons p JOIN identifiers k ON k.id = p.key_identifier_id
            """, r => $"person {r.GetString(0)} [{r.GetString(4)}] count {r.GetInt64(1)} capped {r.GetInt64(2)} events {r.GetInt64(3)}");
        Rows("SELECT type || ':' || value, first_seen_ms, has_events FROM identifiers", r => $"identifier {r.GetString(0)} {r.GetInt64(1)} {r.GetInt64(2)}");
        Rows("""
            SELECT min(ia.type || ':' || ia.value, ib.type || ':' || ib.value), max(ia.type || ':' || ia.value, ib.type || ':' || ib.value),
                   coalesce(d.decision, 0), coalesce(d.detail, ''), l.seen_ms
            FROM identity_links l JOIN identifiers ia ON ia.id = l.a JOIN identifiers ib ON ib.id = l.b LEFT JOIN link_decisions d ON d.link_id = l.id
            """, r => $"link {r.GetString(0)} {r.GetString(1)} {(LinkDecision)r.GetInt32(2)} {r.GetString(3)} seen {r.GetInt64(4)}");
        text.Sort(StringComparer.Ordinal);

        // The engine's persons in order: analyses list persons in it.
        var engine = new EngineLoader(keepInMemory: false).Load(workspace);
        foreach (var key in engine.Events.PersonKeyIdentifier)
        {
            using var cmd = workspace.Connection.CreateCommand();
            cmd.CommandText = $"SELECT type || ':' || value FROM identifiers WHERE id = {key}";
            text.Add($"slot {cmd.ExecuteScalar()}");
        }

        return string.Join("\n", text);
    }

    private static string Diff(string expected, string actual)
    {
        var (e, a) = (expected.Split('\n').ToHashSet(), actual.Split('\n').ToHashSet());
        var sb = new StringBuilder();
        foreach (var line in e.Except(a))
        {
            sb.AppendLine("- " + line);
        }

        foreach (var line in a.Except(e))
        {
            sb.AppendLine("+ " + line);
        }

        return sb.Length == 0 ? "(same lines, other order)\n" + actual : sb.ToString();
    }
}
