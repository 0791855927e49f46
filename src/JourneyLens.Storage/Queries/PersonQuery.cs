using JourneyLens.Core.Engine;
using JourneyLens.Core.Identity;
using Microsoft.Data.Sqlite;
using JourneyLens.Core.Errors;

namespace JourneyLens.Storage.Queries;

public sealed record PersonIdentifier(string Type, string Value, long FirstSeenMs, bool IsKey);

/// <summary>One link between two identifiers and what stitching decided about it, with where it was seen.</summary>
public sealed record PersonLink(string A, string B, LinkDecision Decision, string? Detail, string File, long Line);

public sealed record TimelineEvent(long TimestampMs, string Channel, string Touchpoint, string? Score, double? Value, string? Outcome);

public sealed record PersonJourney(int Ordinal, long StartMs, long EndMs, IReadOnlyList<TimelineEvent> Events);

/// <summary>Everything <c>journeylens person</c> shows: who the person is, why, and their journeys.</summary>
public sealed record PersonReport(string Key, bool Capped, IReadOnlyList<PersonIdentifier> Identifiers, IReadOnlyList<PersonLink> Links, IReadOnlyList<PersonJourney> Journeys)
{
    /// <summary>The zone tables show the times in (the workspace's display zone); JSON keeps UTC milliseconds.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public TimeZoneInfo? Zone { get; init; }
}

public static class PersonQuery
{
    /// <summary>Finds the person holding <paramref name="identifier"/> (<c>value</c> or <c>type:value</c>).</summary>
    public static PersonReport Find(Workspace workspace, JourneyEngine engine, string identifier)
    {
        var personId = ResolvePerson(workspace, identifier);
        var identifiers = new List<PersonIdentifier>();
        var names = new Dictionary<long, string>();
        long keyId;
        bool capped;
        using (var cmd = Command(workspace, "SELECT key_identifier_id, capped FROM persons WHERE id = $p", ("$p", personId)))
        using (var r = cmd.ExecuteReader())
        {
            r.Read();
            keyId = r.GetInt64(0);
            capped = r.GetInt64(1) != 0;
        }

        using (var cmd = Command(workspace, "SELECT i.id, i.type, i.value, i.first_seen_ms FROM identifier_persons ip JOIN identifiers i ON i.id = ip.identifier_id WHERE ip.person_id = $p ORDER BY i.first_seen_ms, i.id", ("$p", personId)))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                identifiers.Add(new PersonIdentifier(r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetInt64(0) == keyId));
                names[r.GetInt64(0)] = $"{r.GetString(1)}:{r.GetString(2)}";
            }
        }

        var links = new List<PersonLink>();
        using (var cmd = Command(workspace, """
            SELECT l.a, l.b, coalesce(d.decision, 0), d.detail, i.file, l.source_line, ia.type || ':' || ia.value, ib.type || ':' || ib.value
            FROM identity_links l
            LEFT JOIN link_decisions d ON d.link_id = l.id
            JOIN imports i ON i.id = l.import_id
            JOIN identifiers ia ON ia.id = l.a
            JOIN identifiers ib ON ib.id = l.b
            WHERE l.a IN (SELECT identifier_id FROM identifier_persons WHERE person_id = $p)
               OR l.b IN (SELECT identifier_id FROM identifier_persons WHERE person_id = $p)
            ORDER BY l.seen_ms, l.id
            """, ("$p", personId)))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                links.Add(new PersonLink(r.GetString(6), r.GetString(7), (LinkDecision)r.GetInt32(2), r.IsDBNull(3) ? null : r.GetString(3), Path.GetFileName(r.GetString(4)), r.GetInt64(5)));
            }
        }

        var key = identifiers.Single(i => i.IsKey);
        // The engine numbers persons in its own order (PersonSlots); its key identifier finds this one.
        var slot = Array.IndexOf(engine.Events.PersonKeyIdentifier, keyId);
        return new PersonReport($"{key.Type}:{key.Value}", capped, identifiers, links, slot < 0 ? [] : Journeys(engine, slot));
    }

    /// <summary>
    /// Names looked up before, per loaded engine: filtered tables share its key-identifier column, and a key identifier's
    /// name never changes within one, so a list of a third of a million customers is looked up once, not per request.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<long[], string?[]> s_names = [];

    public static IReadOnlyList<string> Keys(Workspace workspace, JourneyEngine engine, IEnumerable<int> persons)
    {
        var identifiers = engine.Events.PersonKeyIdentifier;
        var known = s_names.GetValue(identifiers, ids => new string?[ids.Length]);
        SqliteCommand? cmd = null;
        try
        {
            var keys = new List<string>();
            foreach (var p in persons)
            {
                if (known[p] is not { } name)
                {
                    if (cmd is null)
                    {
                        cmd = Command(workspace, "SELECT type || ':' || value FROM identifiers WHERE id = $id", ("$id", 0L));
                        cmd.Prepare();
                    }

                    cmd.Parameters[0].Value = identifiers[p];
                    known[p] = name = (string)cmd.ExecuteScalar()!;
                }

                keys.Add(name);
            }

            return keys;
        }
        finally
        {
            cmd?.Dispose();
        }
    }

    private static List<PersonJourney> Journeys(JourneyEngine engine, int person)
    {
        var ev = engine.Events;
        var js = engine.Journeys;
        var result = new List<PersonJourney>();
        var first = Sorted.LowerBound<int>(js.JourneyPerson, person);
        for (var j = first; j < js.Count && js.JourneyPerson[j] == person; j++)
        {
            var events = new List<TimelineEvent>();
            for (var i = js.JourneyStart[j]; i < js.JourneyStart[j + 1]; i++)
            {
                var score = ev.ScoreType[i] == Core.Events.ScoreType.None ? null : $"{Core.Events.ScoreScales.Name(ev.ScoreType[i])} {ev.Score[i]}";
                events.Add(new TimelineEvent(ev.TimestampMs[i], ev.ChannelNames[ev.Channel[i]], ev.TouchpointNames[ev.Touchpoint[i]], score,
                    double.IsNaN(ev.Value[i]) ? null : ev.Value[i], ev.Outcome[i] == 0 ? null : ev.OutcomeNames[ev.Outcome[i]]));
            }

            result.Add(new PersonJourney(js.JourneyOrdinal[j], events[0].TimestampMs, events[^1].TimestampMs, events));
        }

        return result;
    }

    private static long ResolvePerson(Workspace workspace, string identifier)
    {
        var colon = identifier.IndexOf(':', StringComparison.Ordinal);
        var matches = new List<(string Type, string Value, long? Person)>();
        void Collect(string sql, params (string, object?)[] parameters)
        {
            using var cmd = Command(workspace, sql, parameters);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                matches.Add((r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetInt64(2)));
            }
        }

        Collect("SELECT i.type, i.value, p.person_id FROM identifiers i LEFT JOIN identifier_persons p ON p.identifier_id = i.id WHERE i.value = $v LIMIT 20", ("$v", identifier));
        if (matches.Count == 0 && colon > 0)
        {
            Collect("SELECT i.type, i.value, p.person_id FROM identifiers i LEFT JOIN identifier_persons p ON p.identifier_id = i.id WHERE i.type = $t AND i.value = $v", ("$t", identifier[..colon]), ("$v", identifier[(colon + 1)..]));
        }

        var persons = matches.Where(m => m.Person is not null).Select(m => m.Person!.Value).Distinct().ToList();
        return persons.Count switch
        {
            0 => throw new InputException($"no identifier '{identifier}' in this workspace"),
            1 => persons[0],
            _ => throw new InputException($"'{identifier}' names {persons.Count} persons; qualify it with its type: {string.Join(", ", matches.Select(m => $"{m.Type}:{m.Value}"))}"),
        };
    }

    private static SqliteCommand Command(Workspace workspace, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = workspace.Connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return cmd;
    }
}
