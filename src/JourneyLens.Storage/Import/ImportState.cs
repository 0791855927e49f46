using System.Buffers;
using System.Text;
using System.Text.Json;
using JourneyLens.Core.Events;
using JourneyLens.Ingest.Validation;
using Microsoft.Data.Sqlite;

namespace JourneyLens.Storage.Import;

/// <summary>
/// The reader-thread side of one import: identifier and name ids, identity links, duplicate detection and the
/// encoding of each event row. It only queues writes; <see cref="BatchWriter"/> performs them.
/// </summary>
internal sealed class ImportState : IDisposable
{
    private readonly NameDictionary _touchpoints;
    private readonly NameDictionary _channels;
    private readonly NameDictionary _outcomes;
    private readonly DuplicateFilter _duplicates;
    private readonly long _importId;
    private readonly ArrayBufferWriter<byte> _propsBuffer = new(1024);
    private readonly Utf8JsonWriter _propsJson;
    private readonly List<long> _ids = new(4);
    private long _nextRowId;

    public ImportState(Workspace workspace, SqliteTransaction transaction, long importId, long expectedRows)
    {
        var connection = workspace.Connection;
        Stamp = workspace.StampIn(transaction);
        StoredKeys = DedupeKeyFile.Read(workspace, Stamp);
        _touchpoints = new NameDictionary(connection, transaction, "touchpoints", int.MaxValue);
        _channels = new NameDictionary(connection, transaction, "channels", ushort.MaxValue);
        _outcomes = new NameDictionary(connection, transaction, "outcomes", ushort.MaxValue);
        Identifiers = new IdentifierTable(connection, transaction, expectedRows);
        using (var max = connection.CreateCommand())
        {
            max.Transaction = transaction;
            max.CommandText = "SELECT coalesce(max(id), 0) FROM events";
            _nextRowId = (long)max.ExecuteScalar()!;
        }

        _duplicates = new DuplicateFilter(key => DedupeKeyFile.Contains(StoredKeys, key));
        _duplicates.Expect(expectedRows); // sized once for the rows the file may hold, not rehashed again and again
        _importId = importId;
        _propsJson = new Utf8JsonWriter(_propsBuffer);
    }

    public IdentifierTable Identifiers { get; }

    /// <summary>The workspace's data stamp before this import, and the dedupe keys of its events (sorted).</summary>
    public string Stamp { get; }
    public long[] StoredKeys { get; }

    /// <summary>The dedupe keys of the events this import adds (and perhaps some already stored: harmless in a sorted list).</summary>
    public IReadOnlyCollection<long> AddedKeys => _duplicates.Claimed;
    public long Accepted { get; private set; }
    public long Duplicates { get; private set; }
    public long IdentityMessages { get; private set; }

    /// <summary>Queues a record's rows; returns false when it adds no event (a duplicate, or an identity message).</summary>
    public bool Add(EventRecord r, PendingWrites writes)
    {
        _ids.Clear();
        foreach (var identifier in r.Identifiers)
        {
            _ids.Add(Identifiers.Id(identifier, r.TimestampMs, writes));
        }

        for (var i = 1; i < _ids.Count; i++)
        {
            Identifiers.Link(_ids[0], _ids[i], r.TimestampMs, r.SourceLine, writes);
        }

        if (r.Kind != RecordKind.Event)
        {
            IdentityMessages++;
            return false;
        }

        if (!_duplicates.TryClaim(r, out var key))
        {
            Duplicates++;
            return false;
        }

        Identifiers.HasEvent(_ids[0], writes);
        writes.Events.Add(new EventRow
        {
            Id = ++_nextRowId,
            ImportId = _importId,
            DedupeKey = key,
            TimestampMs = r.TimestampMs,
            UtcOffsetMinutes = r.UtcOffsetMinutes,
            IdentifierId = _ids[0],
            ChannelId = _channels.Id(r.Channel, writes),
            TouchpointId = _touchpoints.Id(r.Touchpoint, writes),
            ScoreType = (int)r.ScoreType,
            Score = r.Score,
            AboutId = r.About is { } about ? _touchpoints.Id(about, writes) : null,
            Value = r.Value,
            OutcomeId = r.Outcome is { } o ? _outcomes.Id(o, writes) : null,
            EventId = r.EventId,
            ContactId = r.ContactId,
            SourceLine = r.SourceLine,
            Properties = r.Properties.Count == 0 ? null : PropertiesJson(r.Properties),
        });
        Accepted++;
        return true;
    }

    private byte[] PropertiesJson(IReadOnlyList<KeyValuePair<string, string>> properties)
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
        return _propsBuffer.WrittenSpan.ToArray();
    }

    public void Dispose() => Identifiers.Dispose();
}
