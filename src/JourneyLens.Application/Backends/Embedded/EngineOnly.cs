using JourneyLens.Application.Analyses;
using JourneyLens.Core.Catalogue;
using JourneyLens.Core.Engine;

namespace JourneyLens.Application.Backends.Embedded;

/// <summary>
/// The embedded computation of an analysis on an engine given whole — events another backend gathered (a cluster's
/// events of the funnel's steps) — so that backend shares the engine's code instead of writing it again. There is no
/// workspace, catalogue or free property behind such an engine (a query that needs one is refused); persons are named
/// only when the caller names them.
/// </summary>
public static class EngineOnly
{
    /// <param name="personNames">The engine's persons by name (index order), for who dropped at a step; null when the engine has none.</param>
    public static FunnelAnswer Funnel(JourneyEngine engine, FunnelQuery query, IReadOnlyList<string>? personNames = null)
    {
        if (query.DroppedAt is not null && personNames is null)
        {
            throw new NotAnsweredException("engine-only", query.GetType());
        }

        var scope = new EngineScope(() => engine, new Lazy<TouchpointCatalogue>(() => throw new NotAnsweredException("engine-only", query.GetType())),
            (_, _) => new Dictionary<string, string?[]>(), () => [], (_, persons) => [.. persons.Select(p => personNames![p])], null, null);
        return EmbeddedAnalyses.Answer(scope, query);
    }
}
