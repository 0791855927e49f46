using JourneyLens.Core.Events;
using Microsoft.Data.Sqlite;

namespace JourneyLens.Storage.Import;

/// <summary>
/// Identifiers and the links between them during one import. New identifiers and earlier first-seen times are
/// kept in memory and written at the end; links are written as met, each pair once, in the order first seen.
/// </summary>
internal sealed class IdentifierTable
{
    private readonly Dictionary<(string Type, string Value), long> _ids = new();
    private readonly Dictionary<long, long> _firstSeen = new();
    private readonly HashSet<long> _changedFirstSeen = [];
    private readonly HashSet<(long, long)> _links = [];
    private readonly List<(long Id, string Type, string Value)> _new = [];
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly SqliteCommand _insertLink;
    private long _next;

    public IdentifierTable(SqliteConnection connection, SqliteTransaction transaction, long importId)
    {
        _connection = connection;
        _transaction = transaction;
        using (var load = Command("SELECT id, type, value, first_seen_ms FROM identifiers"))
        using (var reader = load.ExecuteReader())
        {
            while (reader.Read())
            {
                var id = reader.GetInt64(0);
                _ids[(reader.GetString(1), reader.GetString(2))] = id;
                _firstSeen[id] = reader.GetInt64(3);
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

        _insertLink = Command("INSERT INTO identity_links (a, b, import_id, source_line) VALUES ($a, $b, $import, $line)");
        _insertLink.Parameters.Add("$a", SqliteType.Integer);
        _insertLink.Parameters.Add("$b", SqliteType.Integer);
        _insertLink.Parameters.AddWithValue("$import", importId);
        _insertLink.Parameters.Add("$line", SqliteType.Integer);
    }

    public long LinksAdded { get; private set; }
    public long NewIdentifiers => _new.Count;

    /// <summary>The workspace id of an identifier seen at <paramref name="timestampMs"/>, created if new.</summary>
    public long Id(Identifier identifier, long timestampMs)
    {
        if (!_ids.TryGetValue((identifier.Type, identifier.Value), out var id))
        {
            id = ++_next;
            _ids[(identifier.Type, identifier.Value)] = id;
            _new.Add((id, identifier.Type, identifier.Value));
            _firstSeen[id] = timestampMs;
            return id;
        }

        if (timestampMs < _firstSeen[id])
        {
            _firstSeen[id] = timestampMs;
            _changedFirstSeen.Add(id);
        }

        return id;
    }

    /// <summary>Records that two identifiers were seen together (on one event, or in an identify/alias message).</summary>
    public void Link(long a, long b, long sourceLine)
    {
        if (a == b || !_links.Add(Pair(a, b)))
        {
            return;
        }

        _insertLink.Parameters[0].Value = a;
        _insertLink.Parameters[1].Value = b;
        _insertLink.Parameters[3].Value = sourceLine;
        _insertLink.ExecuteNonQuery();
        LinksAdded++;
    }

    /// <summary>Writes new identifiers and earlier first-seen times.</summary>
    public void Flush()
    {
        using var insert = Command("INSERT INTO identifiers (id, type, value, first_seen_ms) VALUES ($id, $type, $value, $first)");
        var id = insert.Parameters.Add("$id", SqliteType.Integer);
        var type = insert.Parameters.Add("$type", SqliteType.Text);
        var value = insert.Parameters.Add("$value", SqliteType.Text);
        var first = insert.Parameters.Add("$first", SqliteType.Integer);
        foreach (var n in _new)
        {
            (id.Value, type.Value, value.Value, first.Value) = (n.Id, n.Type, n.Value, _firstSeen[n.Id]);
            insert.ExecuteNonQuery();
        }

        using var update = Command("UPDATE identifiers SET first_seen_ms = $first WHERE id = $id");
        var uid = update.Parameters.Add("$id", SqliteType.Integer);
        var ufirst = update.Parameters.Add("$first", SqliteType.Integer);
        foreach (var changed in _changedFirstSeen)
        {
            (uid.Value, ufirst.Value) = (changed, _firstSeen[changed]);
            update.ExecuteNonQuery();
        }
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
