using JourneyLens.Application.Analyses;
using JourneyLens.Core.Catalogue;
using JourneyLens.Core.Engine;

namespace JourneyLens.Application.Backends.Embedded;

/// <summary>
/// The embedded computation of an analysis on an engine given whole — events another backend gathered (a cluster's
/// events of the funnel's steps) — so that backend shares the engine's code instead of writing it again. There is no
/// workspace, catalogue, free property or person name behind such an engine: a query that needs one is refused.
/// </summary>
public static class EngineOnly
{
    public static FunnelAnswer Funnel(JourneyEngine engine, FunnelQuery query)
    {
        if (query.DroppedAt is not null)
        {
            throw new NotAnsweredException("engine-only", query.GetType());
        }

        var scope = new EngineScope(() => engine, new Lazy<TouchpointCatalogue>(() => throw new NotAnsweredException("engine-only", query.GetType())),
            (_, _) => new Dictionary<string, string?[]>(), () => [], (_, _) => throw new NotAnsweredException("engine-only", query.GetType()), null, null);
        return EmbeddedAnalyses.Answer(scope, query);
    }
}
