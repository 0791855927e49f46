using JourneyLens.Core.Analyses;
using JourneyLens.Ingest;
using JourneyLens.Storage.Engine;
using JourneyLens.Storage.Import;
using JourneyLens.Testing;

namespace JourneyLens.Storage.Tests;

/// <summary>A workspace in a temporary folder with helpers to import and count.</summary>
internal sealed class TestWorkspace : IDisposable
{
    public TempFolder Temp { get; } = new();
    public string Folder => Temp.File("ws");

    public ImportSummary Import(string file, ImportOptions? options = null, ImportSettings? settings = null)
    {
        using var ws = Workspace.Open(Folder, create: true);
        return new Importer(ws).Import(file, options ?? new ImportOptions(), settings ?? new ImportSettings());
    }

    public OverviewResult Overview()
    {
        using var ws = Workspace.Open(Folder, create: true);
        return Core.Analyses.Overview.Compute(new EngineLoader().Load(ws));
    }

    /// <summary>The engine with one journey per person: a case of a process log is one journey.</summary>
    public Core.Engine.JourneyEngine CaseEngine()
    {
        using var ws = Workspace.Open(Folder, create: true);
        return new EngineLoader().Load(ws, TimeSpan.Zero);
    }

    public long Count(string sql)
    {
        using var ws = Workspace.Open(Folder, create: true);
        return ws.Scalar<long>(sql);
    }

    public void Dispose() => Temp.Dispose();
}
