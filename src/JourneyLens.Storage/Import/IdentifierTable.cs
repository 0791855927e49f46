using JourneyLens.Core.Events;
using Microsoft.Data.Sqlite;

namespace JourneyLens.Storage.Import;

/// <summary>
/// Identifiers and the links between them during one import. New identifiers and links are queued as met (each pair
/// once); first-seen times that a later row moves earlier, and identifiers that get their first event, are written at
/// the end. Every identifier whose stitching may change is collected in <see cref="Touched"/>, so that stitching can
/// revisit only their part of the identity graph.
/// <para>
/// A file small beside the workspace looks known identifiers and links up through the indexes as it meets them; a
/// large one reads them all once, which is cheaper than millions of lookups.
/// </para>
/// </summary>
internal sealed class IdentifierTable : IDisposable
{
    // Per type a dictionary keyed by value: string keys hash fast (no tuple), and there are only a few types.
    private readonly Dictionary<string, Dictionary<string, long>> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<long, (long FirstSeenMs, bool HasEvents)> _state = [];
    private readonly HashSet<long> _changedFirstSeen = [];
    private readonly HashSet<long> _firstEvents = [];
    private readonly Dictionary<(long, long), long> _links = []; // a pair (lesser id first) and when it was first seen
    private readonly HashSet<(long, long)> _changedLinks = [];
    private readonly SqliteConnection? _lookups;
    private readonly RawStatement? _findIdentifier, _findLink;
    private readonly SqliteConnection _connection;
    private readonly long _knownUpTo;
    private long _next;

    public IdentifierTable(SqliteConnection connection, SqliteTransaction transaction, long expectedRows)
    {
        _connection = connection;
        _knownUpTo = _next = Scalar(connection, transaction, "SELECT coalesce(max(id), 0) FROM identifiers");
        LooksUp = expectedRows * 4 < _knownUpTo;
        if (LooksUp)
        {
            // Looked up from the reader thread while the writer thread inserts: a connection of its own (SQLite
            // connections are not for two threads at once) that reads the workspace as it was before this import
            // (WAL), which is all it is asked about; what this import adds is known here already.
            _lookups = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = connection.DataSource, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            _lookups.Open();
            _findIdentifier = new RawStatement(_lookups, "SELECT id, first_seen_ms, has_events FROM identifiers WHERE value = ? AND type = ?");
            _findLink = new RawStatement(_lookups, "SELECT seen_ms FROM identity_links WHERE a = ? AND b = ? UNION ALL SELECT seen_ms FROM identity_links WHERE a = ? AND b = ?");
            return;
        }

        using (var load = new RawStatement(connection, "SELECT id, type, value, first_seen_ms, has_events FROM identifiers"))
        {
            _state.EnsureCapacity((int)_knownUpTo);
            while (load.Read())
            {
                var id = load.Int64(0);
                ValuesOf(load.String(1))[load.String(2)] = id;
                _state[id] = (load.Int64(3), load.Int64(4) != 0);
            }
        }

        using (var load = new RawStatement(connection, "SELECT a, b, seen_ms FROM identity_links"))
        {
            while (load.Read())
            {
                _links[Pair(load.Int64(0), load.Int64(1))] = load.Int64(2);
            }
        }
    }

    /// <summary>True when known identifiers are looked up one by one (a file small beside the workspace).</summary>
    public bool LooksUp { get; }

    public long LinksAdded { get; private set; }
    public long NewIdentifiers { get; private set; }

    /// <summary>The identifiers this import added or changed: new ones, ends of new links, earlier first sightings, first events.</summary>
    public HashSet<long> Touched { get; } = [];

    /// <summary>The workspace id of an identifier seen at <paramref name="timestampMs"/>, created if new.</summary>
    public long Id(Identifier identifier, long timestampMs, PendingWrites writes)
    {
        var values = ValuesOf(identifier.Type);
        if (!values.TryGetValue(identifier.Value, out var id) && !TryFind(identifier, values, out id))
        {
            id = ++_next;
            values[identifier.Value] = id;
            writes.Identifiers.Add(new PendingIdentifier(id, identifier.Type, identifier.Value, timestampMs));
            NewIdentifiers++;
            _state[id] = (timestampMs, false);
            Touched.Add(id);
            return id;
        }

        var state = _state[id];
        if (timestampMs < state.FirstSeenMs)
        {
            _state[id] = state with { FirstSeenMs = timestampMs };
            _changedFirstSeen.Add(id);
            Touched.Add(id);
        }

        return id;
    }

    /// <summary>Notes that an event of this import belongs to identifier <paramref name="id"/>.</summary>
    public void HasEvent(long id, PendingWrites writes)
    {
        var state = _state[id];
        if (state.HasEvents)
        {
            return;
        }

        _state[id] = state with { HasEvents = true };
        Touched.Add(id);
        // An identifier queued in this batch is written with the flag; one written before is updated at the end.
        var queued = writes.Identifiers.FindLastIndex(i => i.Id == id);
        if (queued >= 0)
        {
            writes.Identifiers[queued] = writes.Identifiers[queued] with { HasEvents = true };
        }
        else
        {
            _firstEvents.Add(id);
        }
    }

    /// <summary>Records that two identifiers were seen together at <paramref name="seenMs"/> (on one event, or in an identify/alias message).</summary>
    public void Link(long a, long b, long seenMs, long sourceLine, PendingWrites writes)
    {
        if (a == b)
        {
            return;
        }

        var pair = Pair(a, b);
        if (!_links.TryGetValue(pair, out var known) && !TryFindLink(pair, out known))
        {
            _links[pair] = seenMs;
            writes.Links.Add((a, b, sourceLine, seenMs));
            LinksAdded++;
            Touched.Add(a);
            Touched.Add(b);
            return;
        }

        if (seenMs < known)
        {
            _links[pair] = seenMs;
            _changedLinks.Add(pair);
            Touched.Add(a);
            Touched.Add(b);
        }
    }

    /// <summary>Writes the first-seen times that a later row moved earlier and the identifiers' first events.</summary>
    public void Flush()
    {
        using (var update = new RawStatement(_connection, "UPDATE identifiers SET first_seen_ms = ? WHERE id = ?"))
        {
            foreach (var changed in _changedFirstSeen)
            {
                update.Bind(1, _state[changed].FirstSeenMs);
                update.Bind(2, changed);
                update.Execute();
            }
        }

        using (var update = new RawStatement(_connection, "UPDATE identifiers SET has_events = 1 WHERE id = ?"))
        {
            foreach (var id in _firstEvents)
            {
                update.Bind(1, id);
                update.Execute();
            }
        }

        using (var update = new RawStatement(_connection, "UPDATE identity_links SET seen_ms = ? WHERE (a = ? AND b = ?) OR (a = ? AND b = ?)"))
        {
            foreach (var (a, b) in _changedLinks)
            {
                update.Bind(1, _links[(a, b)]);
                update.Bind(2, a);
                update.Bind(3, b);
                update.Bind(4, b);
                update.Bind(5, a);
                update.Execute();
            }
        }
    }

    private bool TryFind(Identifier identifier, Dictionary<string, long> values, out long id)
    {
        id = 0;
        if (_findIdentifier is null)
        {
            return false;
        }

        _findIdentifier.Reset();
        _findIdentifier.Bind(1, identifier.Value);
        _findIdentifier.Bind(2, identifier.Type);
        if (!_findIdentifier.Read())
        {
            return false;
        }

        id = _findIdentifier.Int64(0);
        values[identifier.Value] = id;
        _state[id] = (_findIdentifier.Int64(1), _findIdentifier.Int64(2) != 0);
        _findIdentifier.Reset(); // a statement left mid-read keeps its tables locked for the stitching after the rows
        return true;
    }

    private bool TryFindLink((long A, long B) pair, out long seenMs)
    {
        seenMs = 0;
        // Only a pair of two identifiers the workspace already held can have been linked before this import.
        if (_findLink is null || pair.B > _knownUpTo)
        {
            return false;
        }

        _findLink.Reset();
        _findLink.Bind(1, pair.A);
        _findLink.Bind(2, pair.B);
        _findLink.Bind(3, pair.B);
        _findLink.Bind(4, pair.A);
        if (!_findLink.Read())
        {
            return false;
        }

        seenMs = _findLink.Int64(0);
        _links[pair] = seenMs;
        _findLink.Reset();
        return true;
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

    private static long Scalar(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    public void Dispose()
    {
        _findIdentifier?.Dispose();
        _findLink?.Dispose();
        _lookups?.Dispose();
    }
}

/// <summary>An identifier to insert, with whether an event of the same batch already belongs to it.</summary>
internal readonly record struct PendingIdentifier(long Id, string Type, string Value, long FirstSeenMs, bool HasEvents = false);
