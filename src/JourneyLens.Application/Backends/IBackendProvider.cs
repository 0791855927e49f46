namespace JourneyLens.Application.Backends;

/// <summary>
/// Where a long-running front end (the web server) gets a backend for each request: the deployment's choice of
/// backend lives here, so pages and endpoints never name one.
/// </summary>
public interface IBackendProvider
{
    /// <summary>Whether there is anything to answer from yet (an embedded workspace that exists).</summary>
    bool HasData { get; }

    IAnalysisBackend Open();

    /// <summary>The workspace's saved segments (<c>@name</c> in filters).</summary>
    Saved.SavedSegments Segments { get; }

    /// <summary>The workspace's saved views and the dashboards they are pinned to.</summary>
    Saved.SavedViews Views { get; }
}
