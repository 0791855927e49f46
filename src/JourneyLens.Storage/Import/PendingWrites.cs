using Microsoft.Data.Sqlite;

namespace JourneyLens.Storage.Import;

/// <summary>
/// The rows one batch of input adds: prepared on the reader thread (ids assigned, duplicates dropped, properties
/// encoded), written on the writer thread. Splitting the work this way keeps both cores busy.
/// </summary>
internal sealed class PendingWrites
{
    public List<EventRow> Events { get; } = new(2048);
    public List<(string Table, long Id, string Name)> Names { get; } = [];
    public List<PendingIdentifier> Identifiers { get; } = [];
    public List<(long A, long B, long SourceLine, long SeenMs)> Links { get; } = [];
    public long Records { get; set; }
    public long BytesRead { get; set; }
}

/// <summary>Writes <see cref="PendingWrites"/> in the import's transaction.</summary>
internal sealed class BatchWriter : IDisposable
{
    private readonly EventInserter _events;
    private readonly RawStatement _identifier;
    private readonly SqliteCommand _link;
    private readonly Dictionary<string, SqliteCommand> _names = [];
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;

    public BatchWriter(SqliteConnection connection, SqliteTransaction transaction, long importId)
    {
        _connection = connection;
        _transaction = transaction;
        _events = new EventInserter(connection);
        _identifier = new RawStatement(connection, "INSERT INTO identifiers (id, type, value, first_seen_ms, has_events) VALUES (?, ?, ?, ?, ?)");
        _link = Command("INSERT INTO identity_links (a, b, import_id, source_line, seen_ms) VALUES ($a, $b, $import, $line, $seen)");
        _link.Parameters.Add("$a", SqliteType.Integer);
        _link.Parameters.Add("$b", SqliteType.Integer);
        _link.Parameters.AddWithValue("$import", importId);
        _link.Parameters.Add("$line", SqliteType.Integer);
        _link.Parameters.Add("$seen", SqliteType.Integer);
    }

    public void Write(PendingWrites batch)
    {
        foreach (var (table, id, name) in batch.Names)
        {
            if (!_names.TryGetValue(table, out var insert))
            {
                insert = Command($"INSERT INTO {table} (id, name) VALUES ($id, $name)");
                insert.Parameters.Add("$id", SqliteType.Integer);
                insert.Parameters.Add("$name", SqliteType.Text);
                _names[table] = insert;
            }

            insert.Parameters[0].Value = id;
            insert.Parameters[1].Value = name;
            insert.ExecuteNonQuery();
        }

        foreach (var identifier in batch.Identifiers)
        {
            _identifier.Bind(1, identifier.Id);
            _identifier.Bind(2, identifier.Type);
            _identifier.Bind(3, identifier.Value);
            _identifier.Bind(4, identifier.FirstSeenMs);
            _identifier.Bind(5, identifier.HasEvents ? 1 : 0);
            _identifier.Execute();
        }

        foreach (var (a, b, line, seenMs) in batch.Links)
        {
            _link.Parameters[0].Value = a;
            _link.Parameters[1].Value = b;
            _link.Parameters[3].Value = line;
            _link.Parameters[4].Value = seenMs;
            _link.ExecuteNonQuery();
        }

        foreach (var row in batch.Events)
        {
            _events.Add(row);
        }
    }

    /// <summary>Writes the event rows still buffered in the inserter.</summary>
    public void Flush() => _events.Flush();

    private SqliteCommand Command(string sql)
    {
        var cmd = _connection.CreateCommand();
        cmd.Transaction = _transaction;
        cmd.CommandText = sql;
        return cmd;
    }

    public void Dispose()
    {
        _events.Dispose();
        _identifier.Dispose();
        _link.Dispose();
        foreach (var cmd in _names.Values)
        {
            cmd.Dispose();
        }
    }
}
