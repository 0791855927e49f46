using Microsoft.Data.Sqlite;

namespace JourneyLens.Storage.Import;

/// <summary>A name table (touchpoints, channels, outcomes): existing names loaded once, new names inserted as met.</summary>
internal sealed class NameDictionary
{
    private readonly Dictionary<string, long> _ids = new(StringComparer.Ordinal);
    private readonly SqliteCommand _insert;
    private readonly string _table;
    private readonly long _maxCount;
    private long _next;

    public NameDictionary(SqliteConnection connection, SqliteTransaction transaction, string table, long maxCount)
    {
        _table = table;
        _maxCount = maxCount;
        using (var load = connection.CreateCommand())
        {
            load.Transaction = transaction;
            load.CommandText = $"SELECT id, name FROM {table}";
            using var reader = load.ExecuteReader();
            while (reader.Read())
            {
                _ids[reader.GetString(1)] = reader.GetInt64(0);
                _next = Math.Max(_next, reader.GetInt64(0));
            }
        }

        _insert = connection.CreateCommand();
        _insert.Transaction = transaction;
        _insert.CommandText = $"INSERT INTO {table} (id, name) VALUES ($id, $name)";
        _insert.Parameters.Add("$id", SqliteType.Integer);
        _insert.Parameters.Add("$name", SqliteType.Text);
    }

    public long Id(string name)
    {
        if (_ids.TryGetValue(name, out var id))
        {
            return id;
        }

        if (_ids.Count >= _maxCount)
        {
            throw new Ingest.Validation.InputException($"more than {_maxCount:N0} distinct {_table}: is the right column mapped?");
        }

        id = ++_next;
        _insert.Parameters[0].Value = id;
        _insert.Parameters[1].Value = name;
        _insert.ExecuteNonQuery();
        _ids[name] = id;
        return id;
    }
}
