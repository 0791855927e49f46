using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Core.Catalogue;
using JourneyLens.Core.Engine;
using JourneyLens.Ingest.InMemory;
using JourneyLens.Storage;
using JourneyLens.Storage.Catalogue;
using JourneyLens.Storage.Engine;
using JourneyLens.Storage.Queries;

namespace JourneyLens.Application.Backends.Embedded;

/// <summary>
/// The embedded backend: a SQLite workspace (the source of truth) and the columnar in-memory engine — or an event file
/// read into memory (validated, deduplicated and stitched as an import would, nothing stored). Each query is answered
/// by its computation in <see cref="EmbeddedAnalyses"/> over the engine of its selection.
/// </summary>
public sealed class EmbeddedBackend : IAnalysisBackend
{
    private readonly Func<TimeSpan, JourneyEngine> _load;
    private readonly Lazy<TouchpointCatalogue> _catalogue;
    private readonly PropertyLoader _properties;
    private readonly Func<IReadOnlyList<string>> _propertyNames;
    private readonly Func<JourneyEngine, IEnumerable<int>, IReadOnlyList<string>> _personNames;
    private readonly Workspace? _workspace;
    private readonly TimeZoneInfo? _zone;

    private EmbeddedBackend(Func<TimeSpan, JourneyEngine> load, Func<TouchpointCatalogue> catalogue, PropertyLoader properties, Func<IReadOnlyList<string>> propertyNames,
        Func<JourneyEngine, IEnumerable<int>, IReadOnlyList<string>> personNames, Workspace? workspace, TimeZoneInfo? zone)
    {
        (_load, _catalogue, _properties, _propertyNames, _personNames, _workspace, _zone) = (load, new Lazy<TouchpointCatalogue>(catalogue), properties, propertyNames, personNames, workspace, zone);
    }

    /// <summary>
    /// Property names are gathered from this many events with properties (a scan of every event's JSON would take seconds
    /// on ten million): a name first seen later is missing from the list, though still usable in a filter.
    /// </summary>
    public const int PropertyNamesSampled = 1_000_000;

    /// <summary>The workspace in <paramref name="folder"/> (which must exist), loaded through <paramref name="loader"/>.</summary>
    public static EmbeddedBackend OpenWorkspace(string folder, EngineLoader loader)
    {
        var workspace = Workspace.Open(folder, create: false);
        return new EmbeddedBackend(gap => loader.Load(workspace, gap), () => CatalogueStore.Load(workspace),
            (events, names) => PropertyColumns.Load(workspace, events, names, loader), () => EventExport.PropertyKeys(workspace, PropertyNamesSampled), (engine, persons) => PersonQuery.Keys(workspace, engine, persons), workspace, workspace.DisplayZone);
    }

    /// <summary>An event file read into memory, with the catalogue given for it (phases, lenses); days and times in <paramref name="zone"/> (its --timezone).</summary>
    public static EmbeddedBackend ForFile(EventFile file, TouchpointCatalogue catalogue, TimeZoneInfo? zone = null) =>
        new(gap => new JourneyEngine(file.Events, JourneyIndex.Cut(file.Events, gap)), () => catalogue, file.Properties, () => file.PropertyNames,
            (_, persons) => persons.Select(file.PersonName).ToList(), null, zone);

    public TResult Answer<TResult>(IQuery<TResult> query) => EmbeddedAnalyses.Answer(Open(query.Over), query);

    public BreakdownResult<TResult> AnswerPerGroup<TResult>(IQuery<TResult> query)
    {
        var scope = Open(query.Over);
        var breakdown = query.Over.Breakdown ?? throw new ArgumentException("the query has no breakdown", nameof(query));
        var gap = query.Over.Scope.Gap;
        var results = Groups(scope, breakdown)
            .Select(g => new GroupResult<TResult>(g.Value, g.Persons, EmbeddedAnalyses.Answer(scope.With(new JourneyEngine(g.Events, JourneyIndex.Cut(g.Events, gap))), query)))
            .ToList();
        return new BreakdownResult<TResult>(breakdown.Name, results);
    }

    private EngineScope Open(Selection over) =>
        new(() => Regroup(over.Nodes, EngineScope.Narrow(_load(over.Scope.Gap), over.Scope.InZone(_zone), _properties)), _catalogue, _properties, _propertyNames, _personNames, _workspace, _zone);

    private JourneyEngine Regroup(Nodes nodes, JourneyEngine engine)
    {
        if (nodes.Kind == NodeKind.Touchpoint)
        {
            return engine;
        }

        var catalogue = _catalogue.Value;
        if (nodes.Kind == NodeKind.Phase)
        {
            EmbeddedAnalyses.RequireCatalogue(catalogue, "--node phase").LensNamed(nodes.Lens);
        }

        return new JourneyEngine(NodeGrouping.Apply(engine.Events, nodes.Kind, catalogue, nodes.Lens), engine.Journeys);
    }

    private IReadOnlyList<BreakdownGroup> Groups(EngineScope scope, Scopes.Breakdown breakdown)
    {
        var events = scope.Engine.Events;
        if (breakdown.Segments.Count > 0)
        {
            return Core.Engine.Breakdown.BySegments(events, breakdown.Segments.Select(s => (s.Label, scope.Predicate(events, s.Expression))).ToList());
        }

        return breakdown.By switch
        {
            "channel" => Core.Engine.Breakdown.ByFirstValue(events, i => events.ChannelNames[events.Channel[i]], breakdown.Groups),
            "touchpoint" => Core.Engine.Breakdown.ByFirstValue(events, i => events.TouchpointNames[events.Touchpoint[i]], breakdown.Groups),
            "outcome" => Core.Engine.Breakdown.ByFirstValue(events, i => events.Outcome[i] == 0 ? null : events.OutcomeNames[events.Outcome[i]], breakdown.Groups),
            var by => ByProperty(events, by![Core.Filters.Compare.PropertyPrefix.Length..], breakdown.Groups),
        };
    }

    private IReadOnlyList<BreakdownGroup> ByProperty(EventTable events, string name, int groups)
    {
        var values = _properties(events, [name])[name];
        return Core.Engine.Breakdown.ByFirstValue(events, i => values[i], groups);
    }

    public void Dispose() => _workspace?.Dispose();
}
