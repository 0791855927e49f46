using JourneyLens.Core.Engine;
using JourneyLens.Core.Events;
using Microsoft.Data.Sqlite;

namespace JourneyLens.Storage.Engine;

/// <summary>
/// Loads the workspace into the columnar engine: from <c>engine.cache</c> when it matches the workspace's data stamp,
/// else from SQLite (and then writes the cache for the next time). One instance per process: a long-running one
/// (the web server, as a service) keeps the newest data of each workspace in memory, with its journeys per
/// gap, so a warm request does not read the cache file again; a one-shot command does not.
/// </summary>
public sealed class EngineLoader(bool keepInMemory = false)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (string Stamp, EventTable Table, Dictionary<TimeSpan, JourneyIndex> Journeys)> _memory = new();

    public bool KeepsInMemory => keepInMemory;

    private readonly Dictionary<(string Folder, string Name), Queries.PropertyColumn> _properties = new();

    /// <summary>More property columns than this in memory: the oldest go (a column is 4 bytes per event).</summary>
    private const int MaxPropertiesInMemory = 16;

    private readonly Dictionary<(string Folder, string Name), (EventTable Table, string?[] Values)> _aligned = new();

    /// <summary>
    /// A property's values aligned with the events of <paramref name="table"/>. For the whole table this loader holds,
    /// kept (a value per event): every filter and persona on the whole data uses it; for a narrowed table, made anew.
    /// </summary>
    public string?[] Aligned(Workspace workspace, string name, EventTable table)
    {
        var column = Property(workspace, name);
        lock (_lock)
        {
            var held = _memory.TryGetValue(workspace.Folder, out var h) && ReferenceEquals(h.Table, table);
            if (held && _aligned.TryGetValue((workspace.Folder, name), out var kept) && ReferenceEquals(kept.Table, table))
            {
                return kept.Values;
            }

            var values = column.Align(table.RowId);
            if (held)
            {
                if (_aligned.Count >= MaxPropertiesInMemory && !_aligned.ContainsKey((workspace.Folder, name)))
                {
                    _aligned.Remove(_aligned.Keys.First());
                }

                _aligned[(workspace.Folder, name)] = (table, values);
            }

            return values;
        }
    }

    /// <summary>A property column covering every event now: kept in memory by a long-running loader, extended with new rows.</summary>
    public Queries.PropertyColumn Property(Workspace workspace, string name)
    {
        if (!keepInMemory)
        {
            return Queries.PropertyColumnStore.Load(workspace, name);
        }

        lock (_lock)
        {
            var column = Queries.PropertyColumnStore.Load(workspace, name, _properties.GetValueOrDefault((workspace.Folder, name)));
            if (_properties.Count >= MaxPropertiesInMemory && !_properties.ContainsKey((workspace.Folder, name)))
            {
                _properties.Remove(_properties.Keys.First());
            }

            _properties[(workspace.Folder, name)] = column;
            return column;
        }
    }

    /// <summary>At most this many journey gaps are kept per workspace; a new one beyond replaces them all.</summary>
    private const int MaxGapsInMemory = 4;

    public JourneyEngine Load(Workspace workspace, TimeSpan? journeyGap = null)
    {
        var gap = journeyGap ?? JourneyIndex.DefaultGap;
        if (!keepInMemory)
        {
            var read = ReadTable(workspace, workspace.DataStamp);
            return new JourneyEngine(read, JourneyIndex.Cut(read, gap));
        }

        lock (_lock)
        {
            // Read under the lock: an import commits under it too (Commit), so the stamp seen here and the table held agree.
            var stamp = workspace.DataStamp;
            if (!_memory.TryGetValue(workspace.Folder, out var held) || held.Stamp != stamp)
            {
                held = (stamp, ReadTable(workspace, stamp), new Dictionary<TimeSpan, JourneyIndex>());
                _memory[workspace.Folder] = held;
            }

            if (!held.Journeys.TryGetValue(gap, out var journeys))
            {
                if (held.Journeys.Count >= MaxGapsInMemory)
                {
                    held.Journeys.Clear();
                }

                journeys = JourneyIndex.Cut(held.Table, gap);
                held.Journeys[gap] = journeys;
            }

            return new JourneyEngine(held.Table, journeys);
        }
    }

    /// <summary>
    /// Inside an import's transaction, before it commits: the engine of <paramref name="before"/> (held here, or its
    /// cache file) brought up to date with what the import wrote, so that neither the next command nor the web server
    /// reads every event again. Null without that engine at hand, or after stitching everything (<paramref name="revisited"/>
    /// null): the next load rebuilds.
    /// </summary>
    public EventTable? Updated(Workspace workspace, SqliteTransaction transaction, string before, IReadOnlySet<long>? revisited)
    {
        if (revisited is null)
        {
            return null;
        }

        EventTable? old = null;
        lock (_lock)
        {
            if (_memory.TryGetValue(workspace.Folder, out var held) && held.Stamp == before)
            {
                old = held.Table;
            }
        }

        old ??= EngineCache.TryRead(workspace.EngineCachePath, before);
        try
        {
            return old is null ? null : EngineUpdate.Apply(workspace, transaction, old, revisited);
        }
        catch (Exception e) when (e is InvalidOperationException or SqliteException or OutOfMemoryException)
        {
            return null; // derived data: the import stands, and the next load builds the engine from the database
        }
    }

    /// <summary>
    /// Commits an import and takes its engine (<see cref="Updated"/>, if any) as that of <paramref name="after"/>. A
    /// long-running loader does both under its lock, so no request sees the new data with the old engine (and starts
    /// rebuilding it), and writes the cache file in the background; a one-shot loader writes it before returning.
    /// </summary>
    public void Commit(Workspace workspace, SqliteTransaction transaction, string after, EventTable? table)
    {
        if (!keepInMemory)
        {
            transaction.Commit();
            if (table is not null)
            {
                EngineCache.Write(workspace.EngineCachePath, after, table);
            }

            return;
        }

        lock (_lock)
        {
            transaction.Commit();
            if (table is not null)
            {
                _memory[workspace.Folder] = (after, table, new Dictionary<TimeSpan, JourneyIndex>());
            }
        }

        if (table is not null)
        {
            // The file is for the next process; requests answer from memory at once.
            var path = workspace.EngineCachePath;
            _ = Task.Run(() => EngineCache.Write(path, after, table));
        }
    }

    private static EventTable ReadTable(Workspace workspace, string stamp)
    {
        var table = EngineCache.TryRead(workspace.EngineCachePath, stamp);
        if (table is null)
        {
            table = ReadFromDatabase(workspace);
            EngineCache.DeleteAbandoned(workspace.EngineCachePath);
            EngineCache.Write(workspace.EngineCachePath, stamp, table);
        }

        return table;
    }

    internal static EventTable ReadFromDatabase(Workspace workspace)
    {
        var connection = workspace.Connection;
        var (touchpointNames, touchpointCode) = Dictionary(connection, "touchpoints");
        var (channelNames, channelCode) = Dictionary(connection, "channels");
        var (outcomeNames, outcomeCode) = Dictionary(connection, "outcomes", reserveZero: true);

        // Identifier ids are dense from 1, so an array indexed by id maps them to person slots.
        var persons = Queries.PersonSlots.Read(workspace);
        var slotOfPerson = persons.SlotOfPersonId();
        var personOfIdentifier = new int[workspace.Scalar<long>("SELECT coalesce(max(id), 0) FROM identifiers") + 1];
        using (var rows = new RawStatement(connection, "SELECT identifier_id, person_id FROM identifier_persons"))
        {
            while (rows.Read())
            {
                personOfIdentifier[rows.Int64(0)] = slotOfPerson[rows.Int64(1)];
            }
        }

        var count = (int)workspace.Scalar<long>("SELECT count(*) FROM events");
        var builder = new EventTableBuilder(Math.Max(count, 16));
        var codes = new Codes(touchpointCode, channelCode, outcomeCode);
        AddRows(connection, "", builder, identifier => personOfIdentifier[identifier], codes);
        return builder.Build(touchpointNames, channelNames, outcomeNames, persons.KeyIdentifiers);
    }

    /// <summary>The database ids of names mapped to the engine's codes.</summary>
    internal sealed record Codes(Dictionary<long, int> Touchpoint, Dictionary<long, int> Channel, Dictionary<long, int> Outcome);

    /// <summary>Adds the events rows <paramref name="where"/> selects, each under the person slot of its identifier.</summary>
    internal static void AddRows(SqliteConnection connection, string where, EventTableBuilder builder, Func<long, int> personOfIdentifier, Codes codes)
    {
        var (touchpointCode, channelCode, outcomeCode) = (codes.Touchpoint, codes.Channel, codes.Outcome);
        // Read positionally: a typed reader costs more per value than SQLite takes to produce it.
        using var rows = new RawStatement(connection, $"SELECT id, ts_ms, identifier_id, touchpoint_id, channel_id, score_type, score, about_id, value, outcome_id, utc_offset_min, contact_id FROM events {where}");
        while (rows.Read())
        {
            builder.Add(
                rowId: checked((int)rows.Int64(0)),
                person: personOfIdentifier(rows.Int64(2)),
                timestampMs: rows.Int64(1),
                utcOffsetMinutes: (short)rows.Int64(10),
                touchpoint: touchpointCode[rows.Int64(3)],
                channel: (ushort)channelCode[rows.Int64(4)],
                scoreType: (ScoreType)rows.Int64(5),
                score: rows.IsNull(6) ? (sbyte)0 : (sbyte)rows.Int64(6),
                about: rows.IsNull(7) ? EventTable.NoAbout : touchpointCode[rows.Int64(7)],
                value: rows.IsNull(8) ? double.NaN : rows.Double(8),
                outcome: rows.IsNull(9) ? (ushort)0 : (ushort)outcomeCode[rows.Int64(9)],
                contact: rows.IsNull(11) ? 0 : EventTable.ContactCode(rows.String(11)));
        }
    }

    internal static (string[] Names, Dictionary<long, int> Code) Dictionary(SqliteConnection connection, string table, bool reserveZero = false, SqliteTransaction? transaction = null)
    {
        var names = new List<string>();
        if (reserveZero)
        {
            names.Add("");
        }

        var code = new Dictionary<long, int>();
        using var cmd = Command(connection, $"SELECT id, name FROM {table} ORDER BY id");
        cmd.Transaction = transaction;
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            code[r.GetInt64(0)] = names.Count;
            names.Add(r.GetString(1));
        }

        return ([.. names], code);
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd;
    }
}
