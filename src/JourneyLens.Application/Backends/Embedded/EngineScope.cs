using JourneyLens.Application.Scopes;
using JourneyLens.Core.Catalogue;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Experience;
using JourneyLens.Core.Filters;
using JourneyLens.Storage;
using JourneyLens.Storage.Measurements;

namespace JourneyLens.Application.Backends.Embedded;

/// <summary>Free properties by name as columns aligned with <c>events</c>.</summary>
public delegate IReadOnlyDictionary<string, string?[]> PropertyLoader(EventTable events, IEnumerable<string> names);

/// <summary>
/// What an embedded query is computed on: the engine of its selection (narrowed and regrouped), the catalogue, and
/// the ways back from engine indexes to names. Queries that only read the workspace's stores never load the engine.
/// </summary>
internal sealed class EngineScope
{
    private readonly Lazy<JourneyEngine> _engine;
    private readonly Lazy<TouchpointCatalogue> _catalogue;
    private readonly Func<JourneyEngine, IEnumerable<int>, IReadOnlyList<string>> _personNames;

    public EngineScope(Func<JourneyEngine> engine, Lazy<TouchpointCatalogue> catalogue, PropertyLoader properties, Func<IReadOnlyList<string>> propertyNames,
        Func<JourneyEngine, IEnumerable<int>, IReadOnlyList<string>> personNames, Workspace? workspace, TimeZoneInfo? zone)
    {
        _engine = new Lazy<JourneyEngine>(engine);
        (_catalogue, Properties, PropertyNames, _personNames, Workspace, Zone) = (catalogue, properties, propertyNames, personNames, workspace, zone);
    }

    /// <summary>The zone days (--from/--to, compared periods) are read in and times shown in; null: UTC.</summary>
    public TimeZoneInfo? Zone { get; }

    public JourneyEngine Engine => _engine.Value;

    /// <summary>Read when an analysis first needs it (phases, owners, outbound touchpoints): most never do.</summary>
    public TouchpointCatalogue Catalogue => _catalogue.Value;

    public PropertyLoader Properties { get; }

    /// <summary>The names of the free properties (in a workspace, those of its first <see cref="EmbeddedBackend.PropertyNamesSampled"/> events with any).</summary>
    public Func<IReadOnlyList<string>> PropertyNames { get; }

    /// <summary>The names (type:value of the key identifier) of persons of the engine: filters keep every person's index.</summary>
    public IReadOnlyList<string> PersonNames(IEnumerable<int> persons) => _personNames(Engine, persons);

    /// <summary>The workspace (maps, measurements, identities); null for a file read into memory.</summary>
    public Workspace? Workspace { get; }

    /// <summary>The same scope over other events (a breakdown group); persons keep their indexes, so names still hold.</summary>
    public EngineScope With(JourneyEngine engine) => new(() => engine, _catalogue, Properties, PropertyNames, _personNames, Workspace, Zone);

    /// <summary>The same scope narrowed to the persons of a segment (a map's persona); journeys cut with the same gap.</summary>
    public EngineScope Within(Filter segment)
    {
        var events = EventTableFilter.PersonsWithAny(Engine.Events, Predicate(segment.Expression));
        return With(new JourneyEngine(events, JourneyIndex.Cut(events, Engine.Journeys.Gap)));
    }

    public Func<int, bool> Predicate(FilterExpression filter) => Predicate(Engine.Events, filter);

    public Func<int, bool> Predicate(EventTable events, FilterExpression filter) =>
        FilterEvaluator.Compile(filter, events, Properties(events, filter.Properties()));

    /// <summary>Self-service and assisted channels, with the catalogue's outbound touchpoints excluded from contacts.</summary>
    public ChannelClasses Channels(ChannelClasses classes) =>
        classes with { Outbound = Catalogue.Touchpoints.Where(t => t.Outbound).Select(t => t.Name).ToHashSet(StringComparer.Ordinal) };

    public Workspace RequireWorkspace(string what) =>
        Workspace ?? throw new Parameters.RequestException($"{what} needs a workspace; --input reads events only");

    /// <summary>A metric's value in a saved measurement, for opportunities whose baseline names one.</summary>
    public MetricValue? Measured(string measurement, string metric) =>
        Workspace is null ? null : MeasurementStore.Find(Workspace, measurement)?.Values.FirstOrDefault(v => v.Metric == metric);

    /// <summary>The engine cut down to the date range, then the event filter, then the segment; journeys are cut from what remains.</summary>
    public static JourneyEngine Narrow(JourneyEngine engine, Scope scope, PropertyLoader properties)
    {
        if (!scope.Narrows)
        {
            return engine;
        }

        var events = scope.FromMs is null && scope.ToMs is null ? engine.Events : EventTableFilter.Between(engine.Events, scope.FromMs ?? long.MinValue, scope.ToMs ?? long.MaxValue);
        if (scope.Where is { } where)
        {
            events = EventTableFilter.Where(events, FilterEvaluator.Compile(where.Expression, events, properties(events, where.Expression.Properties())));
        }

        if (scope.Segment is { } segment)
        {
            events = EventTableFilter.PersonsWithAny(events, FilterEvaluator.Compile(segment.Expression, events, properties(events, segment.Expression.Properties())));
        }

        return new JourneyEngine(events, JourneyIndex.Cut(events, scope.Gap));
    }
}
