using System.Globalization;
using JourneyLens.Storage.Schema;
using Microsoft.Data.Sqlite;
using JourneyLens.Core.Errors;

namespace JourneyLens.Storage;

/// <summary>
/// A workspace folder: <c>workspace.db</c> (SQLite, WAL, the source of truth), <c>quarantine/</c> (rejected rows per
/// import) and <c>engine.cache</c> (a derived copy of the engine's columns, rebuilt when stale).
/// </summary>
public sealed class Workspace : IDisposable
{
    public const string DatabaseFile = "workspace.db";
    public const string InboxFile = "inbox.db";

    /// <summary>How long a statement waits for another connection's lock before SQLite answers "busy".</summary>
    internal const int BusyTimeoutMs = 10_000;
    public const string EnvironmentVariable = "JOURNEYLENS_WORKSPACE";
    public const string DefaultFolder = "journeylens";

    static Workspace()
    {
        // Each connection is used by one thread at a time, so SQLite's per-call mutexes (serialized mode) are
        // pure cost on bulk writes: switch to multi-thread mode before the first connection opens.
        SQLitePCL.Batteries_V2.Init();
        SQLitePCL.raw.sqlite3_shutdown();
        SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MULTITHREAD);
        SQLitePCL.raw.sqlite3_initialize();
    }

    private Workspace(string folder, SqliteConnection connection, TimeProvider clock)
    {
        Folder = folder;
        Connection = connection;
        Clock = clock;
    }

    public string Folder { get; }

    /// <summary>What "now" is when the workspace records a time (an import, a saved map, a key); a fixed clock in tests.</summary>
    public TimeProvider Clock { get; }

    /// <summary>Now, as the workspace stores times: ISO 8601 with its offset.</summary>
    internal string Now() => Clock.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
    public string QuarantineFolder => QuarantineFolderOf(Folder);

    /// <summary>Where a workspace folder keeps the rows its imports refused — an embedded workspace's or a cluster one's.</summary>
    public static string QuarantineFolderOf(string folder) => Path.Combine(Path.GetFullPath(folder), "quarantine");
    public string EngineCachePath => Path.Combine(Folder, "engine.cache");
    internal SqliteConnection Connection { get; }

    /// <summary>The folder from --workspace, else $JOURNEYLENS_WORKSPACE, else ./journeylens.</summary>
    public static string ResolveFolder(string? option)
    {
        var chosen = option ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        return Path.GetFullPath(string.IsNullOrWhiteSpace(chosen) ? DefaultFolder : chosen);
    }

    public static bool Exists(string folder) => File.Exists(Path.Combine(folder, DatabaseFile));

    /// <summary>Opens a workspace, creating it when <paramref name="create"/> is set, and brings its schema up to date.</summary>
    public static Workspace Open(string folder, bool create, TimeProvider? clock = null)
    {
        if (!Exists(folder))
        {
            if (!create)
            {
                throw new InputException($"no workspace at {folder}; import data first (journeylens import FILE) or give --workspace");
            }

            Directory.CreateDirectory(folder);
        }

        var connection = Connect(Path.Combine(folder, DatabaseFile));
        try
        {
            Execute(connection, $"PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF; PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -200000;");
            Migrate(connection);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 26 /* SQLITE_NOTADB */ or 11 /* SQLITE_CORRUPT */)
        {
            connection.Dispose();
            throw new InputException($"{Path.Combine(folder, DatabaseFile)} is not a JourneyLens workspace database ({e.Message})");
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        var workspace = new Workspace(folder, connection, clock ?? TimeProvider.System);
        workspace.CleanAbandonedQuarantineFiles();
        return workspace;
    }

    /// <summary>Bumped by every import that changes data.</summary>
    public long Generation => long.Parse(Scalar<string>("SELECT value FROM meta WHERE key = 'generation'") ?? "0", CultureInfo.InvariantCulture);

    /// <summary>
    /// The zone the workspace shows times and reads --from/--to days in (docs/importing.md, "Time zones"): set by the
    /// first import that names a --timezone, or with <c>journeylens settings --timezone</c>; null shows UTC.
    /// </summary>
    public TimeZoneInfo? DisplayZone =>
        Scalar<string>("SELECT value FROM meta WHERE key = 'display_zone'") is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;

    public void SetDisplayZone(TimeZoneInfo zone, SqliteTransaction? transaction = null)
    {
        using var cmd = Connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = "INSERT INTO meta (key, value) VALUES ('display_zone', $zone) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        cmd.Parameters.AddWithValue("$zone", zone.Id);
        cmd.ExecuteNonQuery();
    }

    /// <summary>
    /// Which data this is: the database's own identity and its generation. Derived data (the engine cache, an engine
    /// kept in memory) is valid only for the stamp it was built from — never for another database at the same generation.
    /// </summary>
    public string DataStamp => StampIn(null);

    /// <summary>The <see cref="DataStamp"/> as seen inside <paramref name="transaction"/> (an import reads it once it holds the write lock).</summary>
    internal string StampIn(SqliteTransaction? transaction) =>
        $"{Scalar<string>("SELECT value FROM meta WHERE key = 'database_id'", transaction)}:{Scalar<string>("SELECT value FROM meta WHERE key = 'generation'", transaction) ?? "0"}";

    internal T? Scalar<T>(string sql, SqliteTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        using var cmd = Connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var result = cmd.ExecuteScalar();
        return result is null or DBNull ? default : (T)Convert.ChangeType(result, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), CultureInfo.InvariantCulture);
    }

    /// <summary>The rows of a query, each read into a <typeparamref name="T"/>; parameters as (name, value) pairs.</summary>
    internal List<T> Query<T>(string sql, Func<SqliteDataReader, T> row, params (string Name, object Value)[] parameters)
    {
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        using var reader = cmd.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(row(reader));
        }

        return rows;
    }

    /// <summary>A stored time (ISO 8601 with its offset) read back.</summary>
    internal static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    internal static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static void Migrate(SqliteConnection connection)
    {
        if (Version(connection, null) == Migrations.All.Length)
        {
            return;
        }

        // Under the write lock, and read again: another connection (a second request, another process) may have
        // migrated between the first look and now.
        using var transaction = connection.BeginTransaction(deferred: false);
        var version = Version(connection, transaction);
        if (version > Migrations.All.Length)
        {
            throw new InputException($"this workspace has schema version {version}, newer than this JourneyLens knows ({Migrations.All.Length}); upgrade JourneyLens");
        }

        for (var v = version; v < Migrations.All.Length; v++)
        {
            Execute(connection, Migrations.All[v], transaction);
        }

        Execute(connection, $"PRAGMA user_version = {Migrations.All.Length}", transaction);
        transaction.Commit();
    }

    private static int Version(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var check = connection.CreateCommand();
        check.Transaction = transaction;
        check.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(check.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Quarantine files are written under a temporary name and renamed on commit; a killed import leaves only the
    /// temporary one. A temporary file that a running import still writes (in this process or another) is its own.
    /// </summary>
    private void CleanAbandonedQuarantineFiles() => TemporaryFiles.DeleteAbandoned(QuarantineFolder, "*.partial");

    private SqliteConnection? _inbox;

    /// <summary>
    /// The inbox of event batches received over HTTP: a database file of its own (WAL, every commit synced), so that a
    /// batch is durable when acknowledged and receiving never waits for an import holding the workspace's write lock.
    /// Batches left in the workspace database by a version before are moved into it the first time.
    /// </summary>
    internal SqliteConnection Inbox => _inbox ??= OpenInbox();

    /// <summary>An open connection of its own to a database file (created if missing); the caller sets its pragmas.</summary>
    private static SqliteConnection Connect(string file)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private SqliteConnection OpenInbox()
    {
        var inbox = Connect(Path.Combine(Folder, InboxFile));
        try
        {
            Execute(inbox, $"PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = {BusyTimeoutMs};");
            Execute(inbox, "CREATE TABLE IF NOT EXISTS inbox (id INTEGER PRIMARY KEY, received_utc TEXT NOT NULL, messages INTEGER NOT NULL, body TEXT NOT NULL)");
            if (Scalar<long>("SELECT count(*) FROM (SELECT 1 FROM inbox LIMIT 1)") > 0)
            {
                using var transaction = Connection.BeginTransaction();
                Execute(inbox, $"ATTACH DATABASE '{Path.Combine(Folder, DatabaseFile).Replace("'", "''", StringComparison.Ordinal)}' AS workspace");
                // With their ids, ignoring those copied before: a copy cut short is completed, never doubled.
                Execute(inbox, "INSERT OR IGNORE INTO inbox (id, received_utc, messages, body) SELECT id, received_utc, messages, body FROM workspace.inbox; DETACH DATABASE workspace");
                Execute(Connection, "DELETE FROM inbox", transaction);
                transaction.Commit();
            }
        }
        catch
        {
            inbox.Dispose();
            throw;
        }

        return inbox;
    }

    public void Dispose()
    {
        _inbox?.Dispose();
        Connection.Dispose();
    }
}
