namespace JourneyLens.Storage.Import;

/// <summary>
/// For the length of an import, switches the database from WAL to a rollback journal, so new rows are written once,
/// into the database file, instead of into the WAL and again when it is checkpointed. The rollback journal keeps the
/// import atomic: a killed import is rolled back when the workspace is next opened. Afterwards the workspace returns
/// to WAL, which concurrent readers need. When another connection has the workspace open the switch is refused and
/// the import runs in WAL mode.
/// </summary>
internal sealed class BulkJournal : IDisposable
{
    private readonly Workspace _workspace;
    private readonly bool _switched;

    public BulkJournal(Workspace workspace)
    {
        _workspace = workspace;
        _switched = string.Equals(workspace.Scalar<string>("PRAGMA journal_mode = TRUNCATE"), "truncate", StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose()
    {
        if (_switched)
        {
            _workspace.Scalar<string>("PRAGMA journal_mode = WAL");
        }
    }
}
