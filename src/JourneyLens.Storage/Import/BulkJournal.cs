namespace JourneyLens.Storage.Import;

/// <summary>
/// For the length of an import, switches the database from WAL to a rollback journal, so new rows are written once,
/// into the database file, instead of into the WAL and again when it is checkpointed. The rollback journal keeps the
/// import atomic: a killed import is rolled back when the workspace is next opened. Afterwards the workspace returns
/// to WAL, which concurrent readers need. When another connection has the workspace open the switch is refused and
/// the import runs in WAL mode; so it does when another connection is writing (the web server receiving events).
/// </summary>
internal sealed class BulkJournal : IDisposable
{
    private readonly Workspace _workspace;
    private readonly bool _switched;

    public BulkJournal(Workspace workspace)
    {
        _workspace = workspace;
        try
        {
            _switched = string.Equals(workspace.Scalar<string>("PRAGMA journal_mode = TRUNCATE"), "truncate", StringComparison.OrdinalIgnoreCase);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode is 5 or 6 /* BUSY, LOCKED */)
        {
            _switched = false;
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
