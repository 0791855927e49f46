using JourneyLens.Core.Events;
using Microsoft.Data.Sqlite;

namespace JourneyLens.Storage.Import;

/// <summary>
/// Identifiers and the links between them during one import. New identifiers and links are queued as met (links
/// each pair once, in the order first seen); first-seen times that a later row moves earlier are written at the end.
/// </summary>
internal sealed class IdentifierTable
{
    // Per type a dictionary keyed by value: string keys hash fast (no tuple), and there are only a few types.
    private readonly Dictionary<string, Dictionary<string, long>> _ids = new(StringComparer.Ordinal);
    private readonly List<long> _firstSeen = [long.MaxValue]; // indexed by id; ids are dense from 1
    private readonly HashSet<long> _changedFirstSeen = [];
    private readonly HashSet<(long, long)> _links = [];
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private long _next;

    public IdentifierTable(SqliteConnection connection, SqliteTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
        using (var load = Command("SELECT id, type, value, first_seen_ms FROM identifiers"))
        using (var reader = load.ExecuteReader())
        {
            while (reader.Read())
            {
                var id = reader.GetInt64(0);
                ValuesOf(reader.GetString(1))[reader.GetString(2)] = id;
                while (_firstSeen.Count <= id)
                {
                    _firstSeen.Add(long.MaxValue);
                }

                _firstSeen[(int)id] = reader.GetInt64(3);
                _next = Math.Max(_next, id);
            }
        }

        using (var load = Command("SELECT a, b FROM identity_links"))
        using (var reader = load.ExecuteReader())
        {
            while (reader.Read())
            {
                _links.Add(Pair(reader.GetInt64(0), reader.GetInt64(1)));
            }
        }
    }

    public long LinksAdded { get; private set; }
    public long NewIdentifiers { get; private set; }

    /// <summary>The workspace id of an identifier seen at <paramref name="timestampMs"/>, created if new.</summary>
    public long Id(Identifier identifier, long timestampMs, PendingWrites writes)
    {
        var values = ValuesOf(identifier.Type);
        if (!values.TryGetValue(identifier.Value, out var id))
        {
            id = ++_next;
            values[identifier.Value] = id;
            writes.Identifiers.Add((id, identifier.Type, identifier.Value, timestampMs));
            NewIdentifiers++;
            _firstSeen.Add(timestampMs);
            return id;
        }

        if (timestampMs < _firstSeen[(int)id])
        {
            _firstSeen[(int)id] = timestampMs;
            _changedFirstSeen.Add(id);
        }

        return id;
    }

    /// <summary>Records that two identifiers were seen together (on one event, or in an identify/alias message).</summary>
    public void Link(long a, long b, long sourceLine, PendingWrites writes)
    {
        if (a == b || !_links.Add(Pair(a, b)))
        {
            return;
        }

        writes.Links.Add((a, b, sourceLine));
        LinksAdded++;
    }

    /// <summary>Writes the first-seen times that a later row of the file moved earlier.</summary>
    public void Flush()
    {
        using var update = new RawStatement(_connection, "UPDATE identifiers SET first_seen_ms = ? WHERE id = ?");
        foreach (var changed in _changedFirstSeen)
        {
            update.Bind(1, _firstSeen[(int)changed]);
            update.Bind(2, changed);
            update.Execute();
        }
    }

    private Dictionary<string, long> ValuesOf(string type)
    {
        if (!_ids.TryGetValue(type, out var values))
        {
            values = new Dictionary<string, long>();
            _ids[type] = values;
        }

        return values;
    }

    private static (long, long) Pair(long a, long b) => a < b ? (a, b) : (b, a);

    private SqliteCommand Command(string sql)
    {
        var cmd = _connection.CreateCommand();
        cmd.Transaction = _transaction;
        cmd.CommandText = sql;
        return cmd;
    }
}
