using System.Globalization;
using System.Text.Json;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;

namespace JourneyLens.Storage.Queries;

/// <summary>One event as the engine sees it (stitched person, journey), with its free properties.</summary>
public sealed record ExportedEvent(
    string? EventId,
    long TimestampMs,
    string PersonId,
    string JourneyId,
    string Channel,
    string Touchpoint,
    ScoreType ScoreType,
    int? Score,
    string? About,
    double? Value,
    string? Outcome,
    string? ContactId,
    IReadOnlyList<KeyValuePair<string, string>> Properties);

/// <summary>Streams the engine's view of every event in engine order (person, time, input order).</summary>
public static class EventExport
{
    public static readonly string[] BaseColumns = ["event_id", "timestamp", "person_id", "journey_id", "channel", "touchpoint", "score_type", "score", "about", "value", "outcome", "contact_id"];

    /// <summary>Every property key in the workspace, in name order: the CSV columns after the base ones.</summary>
    public static IReadOnlyList<string> PropertyKeys(Workspace workspace) =>
        Strings(workspace, "SELECT DISTINCT j.key FROM events, json_each(events.props) AS j WHERE events.props IS NOT NULL ORDER BY j.key");

    /// <summary>The property keys of the first <paramref name="events"/> events that have properties, in name order.</summary>
    public static IReadOnlyList<string> PropertyKeys(Workspace workspace, int events) =>
        Strings(workspace, $"SELECT DISTINCT j.key FROM (SELECT props FROM events WHERE props IS NOT NULL LIMIT {events}) AS e, json_each(e.props) AS j ORDER BY j.key");

    public static IEnumerable<ExportedEvent> Events(Workspace workspace, JourneyEngine engine)
    {
        var ev = engine.Events;
        var js = engine.Journeys;
        var personNames = PersonNames(workspace);
        // A prepared lookup by row id: the engine's order (person, time) is not the table's, and a SqliteCommand per
        // event would cost several times the lookup itself.
        // One read transaction for the whole export: without it SQLite locks and checks the file for every lookup.
        using var read = workspace.Connection.BeginTransaction(deferred: true);
        using var lookup = new RawStatement(workspace.Connection, "SELECT event_id, props, contact_id FROM events WHERE id = ?");
        for (var j = 0; j < js.Count; j++)
        {
            var person = personNames[js.JourneyPerson[j]];
            var journey = $"{person}#{js.JourneyOrdinal[j].ToString(CultureInfo.InvariantCulture)}";
            for (var i = js.JourneyStart[j]; i < js.JourneyStart[j + 1]; i++)
            {
                lookup.Bind(1, (long)ev.RowId[i]);
                string? eventId = null, contactId = null;
                IReadOnlyList<KeyValuePair<string, string>> properties = [];
                if (lookup.Read())
                {
                    eventId = lookup.IsNull(0) ? null : lookup.String(0);
                    properties = lookup.IsNull(1) ? [] : ParseProperties(lookup.Bytes(1));
                    contactId = lookup.IsNull(2) ? null : lookup.String(2);
                }

                lookup.Reset();

                var hasScore = ev.ScoreType[i] != ScoreType.None;
                yield return new ExportedEvent(
                    eventId,
                    ev.TimestampMs[i],
                    person,
                    journey,
                    ev.ChannelNames[ev.Channel[i]],
                    ev.TouchpointNames[ev.Touchpoint[i]],
                    ev.ScoreType[i],
                    hasScore ? ev.Score[i] : null,
                    ev.About[i] == EventTable.NoAbout ? null : ev.TouchpointNames[ev.About[i]],
                    double.IsNaN(ev.Value[i]) ? null : ev.Value[i],
                    ev.Outcome[i] == 0 ? null : ev.OutcomeNames[ev.Outcome[i]],
                    contactId,
                    properties);
            }
        }
    }

    /// <summary>A person is named by its key identifier, as type:value.</summary>
    private static string[] PersonNames(Workspace workspace) => PersonSlots.Read(workspace).Names;

    private static List<string> Strings(Workspace workspace, string sql)
    {
        using var cmd = workspace.Connection.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var values = new List<string>();
        while (r.Read())
        {
            values.Add(r.GetString(0));
        }

        return values;
    }

    /// <summary>The stored properties (a JSON object of strings, as the import wrote it) read straight from their bytes.</summary>
    private static List<KeyValuePair<string, string>> ParseProperties(ReadOnlySpan<byte> json)
    {
        var properties = new List<KeyValuePair<string, string>>(4);
        var reader = new Utf8JsonReader(json);
        reader.Read(); // the object's start
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            properties.Add(new(name, reader.TokenType == JsonTokenType.String ? reader.GetString()! : ""));
        }

        return properties;
    }
}
