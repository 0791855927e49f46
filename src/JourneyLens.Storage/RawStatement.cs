using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace JourneyLens.Storage;

/// <summary>
/// A prepared statement bound by position on the connection's open transaction, for bulk writes where
/// <see cref="SqliteCommand"/>'s named parameters cost more than the insert itself.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle!;
        Check(raw.sqlite3_prepare_v2(_db, sql, out _stmt));
    }

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_stmt, index, value));

    public void Bind(int index, double? value) => Check(value is { } v ? raw.sqlite3_bind_double(_stmt, index, v) : raw.sqlite3_bind_null(_stmt, index));

    public void Bind(int index, long? value) => Check(value is { } v ? raw.sqlite3_bind_int64(_stmt, index, v) : raw.sqlite3_bind_null(_stmt, index));

    public void Bind(int index, string? value) => Check(value is { } v ? raw.sqlite3_bind_text(_stmt, index, v) : raw.sqlite3_bind_null(_stmt, index));

    /// <summary>Binds UTF-8 text without converting it.</summary>
    public void BindUtf8(int index, byte[]? value) => Check(value is { } v ? raw.sqlite3_bind_text(_stmt, index, v.AsSpan()) : raw.sqlite3_bind_null(_stmt, index));

    /// <summary>Moves to the next result row; false when there is none.</summary>
    public bool Read()
    {
        var rc = raw.sqlite3_step(_stmt);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        Check(rc);
        return false;
    }

    /// <summary>Ends a read early so the statement can be bound and read again (a lookup by key, row after row).</summary>
    public void Reset() => raw.sqlite3_reset(_stmt);

    public long Int64(int column) => raw.sqlite3_column_int64(_stmt, column);

    public double Double(int column) => raw.sqlite3_column_double(_stmt, column);

    /// <summary>A text or blob value as its bytes, valid until the next step or reset.</summary>
    public ReadOnlySpan<byte> Bytes(int column) => raw.sqlite3_column_blob(_stmt, column);

    public string String(int column) => raw.sqlite3_column_text(_stmt, column).utf8_to_string();

    public bool IsNull(int column) => raw.sqlite3_column_type(_stmt, column) == raw.SQLITE_NULL;

    /// <summary>Runs the statement and resets it for the next bindings.</summary>
    public void Execute()
    {
        var rc = raw.sqlite3_step(_stmt);
        raw.sqlite3_reset(_stmt);
        if (rc != raw.SQLITE_DONE)
        {
            Check(rc);
        }
    }

    private void Check(int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
        }
    }

    public void Dispose() => _stmt.Dispose();
}
