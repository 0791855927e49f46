using Microsoft.Data.Sqlite;
using JourneyLens.Core.Errors;

namespace JourneyLens.Storage.Import;

/// <summary>A name table (touchpoints, channels, outcomes): existing names loaded once, new names numbered as met.</summary>
internal sealed class NameDictionary
{
    private readonly Dictionary<string, long> _ids = new(StringComparer.Ordinal);
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

    }

    /// <summary>The id of a name; a new name gets the next id and is queued in <paramref name="writes"/>.</summary>
    public long Id(string name, PendingWrites writes)
    {
        if (_ids.TryGetValue(name, out var id))
        {
            return id;
        }

        if (_ids.Count >= _maxCount)
        {
            throw new Core.Errors.InputException($"more than {_maxCount:N0} distinct {_table}: is the right column mapped?");
        }

        id = ++_next;
        writes.Names.Add((_table, id, name));
        _ids[name] = id;
        return id;
    }
}
