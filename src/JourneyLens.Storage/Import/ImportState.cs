using System.Buffers;
using System.Text;
using System.Text.Json;
using JourneyLens.Core.Events;
using Microsoft.Data.Sqlite;

namespace JourneyLens.Storage.Import;

/// <summary>The write side of one import: dictionaries, identity links, duplicate detection and the event insert.</summary>
internal sealed class ImportState
{
    private readonly NameDictionary _touchpoints;
    private readonly NameDictionary _channels;
    private readonly NameDictionary _outcomes;
    private readonly HashSet<long> _existingKeys = [];
    private readonly HashSet<long> _addedKeys = [];
    private readonly DedupeKey _dedupe = new();
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter[] _p;
    private readonly ArrayBufferWriter<byte> _propsBuffer = new(1024);
    private readonly Utf8JsonWriter _propsJson;
    private readonly List<long> _ids = new(4);
    private long _nextRowId;

    public ImportState(SqliteConnection connection, SqliteTransaction transaction, long importId)
    {
        _touchpoints = new NameDictionary(connection, transaction, "touchpoints", int.MaxValue);
        _channels = new NameDictionary(connection, transaction, "channels", ushort.MaxValue);
        _outcomes = new NameDictionary(connection, transaction, "outcomes", ushort.MaxValue);
        Identifiers = new IdentifierTable(connection, transaction, importId);
        using (var load = connection.CreateCommand())
        {
            load.Transaction = transaction;
            load.CommandText = "SELECT dedupe_key FROM events";
            using var r = load.ExecuteReader();
            while (r.Read())
            {
                _existingKeys.Add(r.GetInt64(0));
            }
        }

        using (var max = connection.CreateCommand())
        {
            max.Transaction = transaction;
            max.CommandText = "SELECT coalesce(max(id), 0) FROM events";
            _nextRowId = (long)max.ExecuteScalar()!;
        }

        _insert = connection.CreateCommand();
        _insert.Transaction = transaction;
        _insert.CommandText = """
            INSERT INTO events (id, import_id, dedupe_key, ts_ms, identifier_id, channel_id, touchpoint_id, score_type, score, about_id, value, outcome_id, event_id, source_line, props)
            VALUES ($id, $import, $key, $ts, $ident, $channel, $touchpoint, $stype, $score, $about, $value, $outcome, $eid, $line, $props)
            """;
        _p = new[] { "$id", "$import", "$key", "$ts", "$ident", "$channel", "$touchpoint", "$stype", "$score", "$about", "$value", "$outcome", "$eid", "$line", "$props" }
            .Select(n => _insert.Parameters.Add(n, SqliteType.Integer)).ToArray();
        _p[1].Value = importId;
        _p[10].SqliteType = SqliteType.Real;
        _p[12].SqliteType = SqliteType.Text;
        _p[14].SqliteType = SqliteType.Text;
        _propsJson = new Utf8JsonWriter(_propsBuffer);
    }

    public IdentifierTable Identifiers { get; }
    public long Accepted { get; private set; }
    public long Duplicates { get; private set; }
    public long IdentityMessages { get; private set; }

    /// <summary>Stores a record; returns false when it added no event (a duplicate, or an identity message).</summary>
    public bool Add(EventRecord r)
    {
        _ids.Clear();
        foreach (var identifier in r.Identifiers)
        {
            _ids.Add(Identifiers.Id(identifier, r.TimestampMs));
        }

        for (var i = 1; i < _ids.Count; i++)
        {
            Identifiers.Link(_ids[0], _ids[i], r.SourceLine);
        }

        if (r.Kind != RecordKind.Event)
        {
            IdentityMessages++;
            return false;
        }

        if (!TryClaimKey(r, out var key))
        {
            Duplicates++;
            return false;
        }

        _p[0].Value = ++_nextRowId;
        _p[2].Value = key;
        _p[3].Value = r.TimestampMs;
        _p[4].Value = _ids[0];
        _p[5].Value = _channels.Id(r.Channel);
        _p[6].Value = _touchpoints.Id(r.Touchpoint);
        _p[7].Value = (int)r.ScoreType;
        _p[8].Value = r.Score is { } s ? s : DBNull.Value;
        _p[9].Value = r.About is { } about ? _touchpoints.Id(about) : DBNull.Value;
        _p[10].Value = r.Value is { } v ? v : DBNull.Value;
        _p[11].Value = r.Outcome is { } o ? _outcomes.Id(o) : DBNull.Value;
        _p[12].Value = (object?)r.EventId ?? DBNull.Value;
        _p[13].Value = r.SourceLine;
        _p[14].Value = r.Properties.Count == 0 ? DBNull.Value : PropertiesJson(r.Properties);
        _insert.ExecuteNonQuery();
        Accepted++;
        return true;
    }

    /// <summary>An event_id already in the workspace or earlier in this file is a duplicate; so is identical content seen as often before.</summary>
    private bool TryClaimKey(EventRecord r, out long key)
    {
        if (r.EventId is { } eventId)
        {
            key = DedupeKey.OfEventId(eventId);
            return !_existingKeys.Contains(key) && _addedKeys.Add(key);
        }

        var hash = _dedupe.ContentHash(r);
        var occurrence = 0;
        key = DedupeKey.WithOccurrence(hash, 0);
        while (_addedKeys.Contains(key))
        {
            key = DedupeKey.WithOccurrence(hash, ++occurrence);
        }

        if (_existingKeys.Contains(key))
        {
            _addedKeys.Add(key); // the next identical row in this file is the next occurrence
            return false;
        }

        _addedKeys.Add(key);
        return true;
    }

    private string PropertiesJson(IReadOnlyList<KeyValuePair<string, string>> properties)
    {
        _propsBuffer.ResetWrittenCount();
        _propsJson.Reset();
        _propsJson.WriteStartObject();
        foreach (var (k, v) in properties)
        {
            _propsJson.WriteString(k, v);
        }

        _propsJson.WriteEndObject();
        _propsJson.Flush();
        return Encoding.UTF8.GetString(_propsBuffer.WrittenSpan);
    }
}
