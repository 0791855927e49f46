using JourneyLens.Application.Backends;
using JourneyLens.Application.Saved;

namespace JourneyLens.ClickHouse;

/// <summary>
/// Backends on the cluster a workspace folder points at (<see cref="ClusterWorkspace"/>), for the web app: the events
/// and analyses are on the cluster; saved segments and views stay in the folder, as for an embedded workspace.
/// </summary>
public sealed class ClusterBackendProvider(string folder, ClickHouseTarget target) : IBackendProvider
{
    public bool HasData => true;

    public IAnalysisBackend Open() => new ClickHouseBackend(target);

    public SavedSegments Segments { get; } = new(folder);

    public SavedViews Views { get; } = new(folder);
}
