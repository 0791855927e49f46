namespace JourneyLens.Storage.Import;

/// <summary>
/// For the length of an import, switches the database from WAL to a rollback journal, so new rows are written once,
/// into the database file, instead of into the WAL and again when it is checkpointed. The rollback journal keeps the
/// import atomic: a killed import is rolled back when the workspace is next opened. Afterwards the workspace returns
/// to WAL, which concurrent readers need. When another connection has the workspace open the switch is refused and
/// the import runs in WAL mode; so it does when another connection is writing (the web server receiving events), and
/// for a file too small for the saving to matter (and never in the web server). The switch is tried without waiting: SQLite answers "busy"
/// while any other connection has the workspace open, and waiting for that (the web server always has) cost a
/// round of HTTP ingestion 30 s.
/// </summary>
internal sealed class BulkJournal : IDisposable
{
    private readonly Workspace _workspace;
    private readonly bool _switched;

    /// <summary>Files smaller than this import in WAL mode: checkpointing their rows again costs less than the switch.</summary>
    private const long MinBytes = 16L << 20;

    public BulkJournal(Workspace workspace, long? fileBytes, bool maySwitch)
    {
        _workspace = workspace;
        if (!maySwitch || fileBytes < MinBytes)
        {
            return;
        }

        try
        {
            using var noWait = workspace.Connection.CreateCommand();
            noWait.CommandText = "PRAGMA busy_timeout = 0";
            noWait.ExecuteNonQuery();
            using var cmd = workspace.Connection.CreateCommand();
            cmd.CommandText = "PRAGMA journal_mode = TRUNCATE";
            cmd.CommandTimeout = 1; // Microsoft.Data.Sqlite retries "busy" for this long itself
            _switched = string.Equals(cmd.ExecuteScalar() as string, "truncate", StringComparison.OrdinalIgnoreCase);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode is 5 or 6 /* BUSY, LOCKED */)
        {
            _switched = false;
        }
        finally
        {
            using var restore = workspace.Connection.CreateCommand();
            restore.CommandText = $"PRAGMA busy_timeout = {Workspace.BusyTimeoutMs}";
            restore.ExecuteNonQuery();
        }
    }

    public void Dispose()
    {
        if (!_switched)
        {
            return;
        }

        try
        {
            _workspace.Scalar<string>("PRAGMA journal_mode = WAL");
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            // Busy now: the next Workspace.Open sets WAL again; until then the rollback journal is as safe, only slower for readers.
        }
    }
}
