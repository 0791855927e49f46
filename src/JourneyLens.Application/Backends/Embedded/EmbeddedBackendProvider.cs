using JourneyLens.Storage;
using JourneyLens.Storage.Engine;

namespace JourneyLens.Application.Backends.Embedded;

/// <summary>Embedded backends over one workspace folder, sharing the process's engine loader (and what it keeps in memory).</summary>
public sealed class EmbeddedBackendProvider(string folder, EngineLoader engines) : IBackendProvider
{
    public bool HasData => Workspace.Exists(folder);

    public IAnalysisBackend Open() => EmbeddedBackend.OpenWorkspace(folder, engines);

    public Saved.SavedSegments Segments { get; } = new(folder);

    public Saved.SavedViews Views { get; } = new(folder);
}
