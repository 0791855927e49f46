using System.Runtime.CompilerServices;
using JourneyLens.Application.Analyses;
using JourneyLens.Application.Parameters;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Saved;
using JourneyLens.Core.Analyses;
using JourneyLens.Core.Catalogue;
using JourneyLens.Core.Engine;
using JourneyLens.Core.Experience;
using JourneyLens.Core.Improvement;
using JourneyLens.Maps.Binding;
using JourneyLens.Maps.Model;
using JourneyLens.Maps.Yaml;
using JourneyLens.Storage.Maps;
using JourneyLens.Storage.Queries;
using JourneyLens.Storage.Measurements;

namespace JourneyLens.Application.Backends.Embedded;

/// <summary>
/// How the embedded backend answers each kind of query: one line per query type, calling the computation in Core
/// (or Maps) over the engine of the query's selection. A query type without a line here is not answered.
/// </summary>
internal static class EmbeddedAnalyses
{
    private static readonly ConditionalWeakTable<EventTable, IReadOnlyList<string>> s_propertyNames = [];
    private static readonly ConditionalWeakTable<EventTable, StrongBox<(long First, long Last)?>> s_ranges = [];

    private static readonly Dictionary<Type, Func<EngineScope, object, object>> s_handlers = new()
    {
        [typeof(StatsQuery)] = On<StatsQuery>((s, _) => InZone(Overview.Compute(s.Engine), s.Zone)),
        [typeof(PathsQuery)] = On<PathsQuery>((s, q) => Paths.Compute(s.Engine, q.Request)),
        [typeof(FunnelQuery)] = On<FunnelQuery>(Funnel),
        [typeof(ProcessMapQuery)] = On<ProcessMapQuery>((s, q) => ProcessMap.Compute(s.Engine, q.Clock) is var map && q.Share < 1 ? ProcessMapSimplifier.Simplify(map, q.Share) : map),
        [typeof(VariantsQuery)] = On<VariantsQuery>((s, q) => Variants.Compute(s.Engine, q.Top)),
        [typeof(ScoresQuery)] = On<ScoresQuery>((s, q) => Scores.Compute(s.Engine, q.MinAnswers) with { Variants = q.Variants > 0 ? VariantScoring.Compute(s.Engine, q.Variants, q.MinAnswers) : null }),
        [typeof(LowPointsQuery)] = On<LowPointsQuery>((s, q) => LowPoints.Compute(s.Engine, q.MinAnswers)),
        [typeof(SwitchingQuery)] = On<SwitchingQuery>((s, q) => Switching.Compute(s.Engine, q.Request with { Channels = s.Channels(q.Request.Channels) })),
        [typeof(ConsistencyQuery)] = On<ConsistencyQuery>((s, q) => Consistency.Compute(s.Engine, q.Request with { Channels = s.Channels(q.Request.Channels) })),
        [typeof(AttributionQuery)] = On<AttributionQuery>((s, q) => Attribution.Compute(s.Engine, q.Goal)),
        [typeof(HandoffsQuery)] = On<HandoffsQuery>((s, q) => Handoffs.Compute(s.Engine, RequireCatalogue(s.Catalogue, "handoffs"), q.Lens, q.MinAnswers)),
        [typeof(CompareQuery)] = On<CompareQuery>(Comparison.Compare),
        [typeof(TrendQuery)] = On<TrendQuery>(Trends.Compute),
        [typeof(MeasureQuery)] = On<MeasureQuery>((s, q) => (IReadOnlyList<MetricValue>)q.Metrics.Select(m => Metric.Measure(s.Engine, m, s.Channels(ChannelClasses.Default))).ToList()),
        [typeof(MapBindQuery)] = On<MapBindQuery>((s, q) => new MapBinding(s, q.View).Bind(q.Map)),
        [typeof(PainPointsQuery)] = On<PainPointsQuery>(PainPoints),
        [typeof(OpportunitiesQuery)] = On<OpportunitiesQuery>(Opportunities),
        [typeof(PainPersonsQuery)] = On<PainPersonsQuery>(PainPersons),
        [typeof(PersonListQuery)] = On<PersonListQuery>(Persons),
        // Counted in one pass over the whole data's events, without building the segment's engine.
        [typeof(SegmentSizeQuery)] = On<SegmentSizeQuery>((s, q) => EventTableFilter.CountPersonsWithAny(s.Engine.Events, s.Predicate(q.Segment.Expression))),
        [typeof(MapListQuery)] = On<MapListQuery>((s, _) => MapList(s)),
        [typeof(MeasurementListQuery)] = On<MeasurementListQuery>((s, _) =>
            (IReadOnlyList<MeasurementSummary>)MeasurementStore.List(s.RequireWorkspace("measure list")).Select(m => new MeasurementSummary(m.Name, m.Taken, m.Definition)).ToList()),
        [typeof(ExportQuery)] = On<ExportQuery>((s, _) => Export(s)),
        [typeof(TouchpointsQuery)] = On<TouchpointsQuery>((s, _) => (IReadOnlyList<string>)s.Engine.Events.TouchpointNames),
        [typeof(FieldValuesQuery)] = On<FieldValuesQuery>((s, q) => FieldValues.Compute(s.Engine.Events, q.Field, ValueOf(s, q.Field), q.Top)),
        // Every form shows the range: once per loaded engine, not a scan of every timestamp per page.
        [typeof(DataRangeQuery)] = On<DataRangeQuery>((s, _) => Range(s)!),
        // Kept per loaded engine (the same object while the data is unchanged): pages offer the names on every form.
        [typeof(PropertyNamesQuery)] = On<PropertyNamesQuery>((s, _) => s_propertyNames.GetValue(s.Engine.Events, _ => s.PropertyNames())),
        [typeof(CatalogueQuery)] = On<CatalogueQuery>((s, _) => s.Catalogue),
        [typeof(PersonTimelineQuery)] = On<PersonTimelineQuery>((s, q) => PersonQuery.Find(s.RequireWorkspace("person"), s.Engine, q.Identifier) with { Zone = s.Zone }),
    };

    public static TResult Answer<TResult>(EngineScope scope, IQuery<TResult> query) =>
        s_handlers.TryGetValue(query.GetType(), out var handler) ? (TResult)handler(scope, query) : throw new NotAnsweredException("embedded", query.GetType());

    public static TouchpointCatalogue RequireCatalogue(TouchpointCatalogue catalogue, string what) =>
        catalogue.Touchpoints.Count > 0 ? catalogue : throw new RequestException($"{what} needs a touchpoint catalogue with phases: import one with `journeylens catalogue import FILE`");

    /// <summary>The first and last event in the display zone: the same instants, shown (and in JSON, offset) as its clock reads them.</summary>
    private static OverviewResult InZone(OverviewResult o, TimeZoneInfo? zone) => zone is null ? o : o with
    {
        First = o.First is { } first ? TimeZoneInfo.ConvertTime(first, zone) : null,
        Last = o.Last is { } last ? TimeZoneInfo.ConvertTime(last, zone) : null,
    };

    /// <summary>
    /// The first and last event in the display zone. Every form shows the range, so the scan of every timestamp is
    /// kept per loaded engine (in UTC: the zone is applied per call, as it can be changed without new data).
    /// </summary>
    private static DataRange? Range(EngineScope scope)
    {
        var events = scope.Engine.Events;
        if (s_ranges.GetValue(events, e => new(e.EventCount == 0 ? null : (e.TimestampMs.Min(), e.TimestampMs.Max()))).Value is not var (first, last))
        {
            return null;
        }

        DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms) is var t && scope.Zone is { } zone ? TimeZoneInfo.ConvertTime(t, zone) : t;
        return new DataRange(At(first), At(last));
    }

    /// <summary>A field's value of each event (null: none), as filters read it.</summary>
    private static Func<int, string?> ValueOf(EngineScope scope, string field)
    {
        var events = scope.Engine.Events;
        return field switch
        {
            "channel" => i => events.ChannelNames[events.Channel[i]],
            "touchpoint" => i => events.TouchpointNames[events.Touchpoint[i]],
            "outcome" => i => events.Outcome[i] == 0 ? null : events.OutcomeNames[events.Outcome[i]],
            "score_type" => i => events.ScoreType[i] == Core.Events.ScoreType.None ? null : events.ScoreType[i].ToString().ToLowerInvariant(),
            _ => scope.Properties(events, [field[Core.Filters.Compare.PropertyPrefix.Length..]]).Values.Single() is var values ? i => values[i] : null!,
        };
    }

    private static Func<EngineScope, object, object> On<TQuery>(Func<EngineScope, TQuery, object> answer) => (scope, query) => answer(scope, (TQuery)query);

    private static FunnelAnswer Funnel(EngineScope scope, FunnelQuery query)
    {
        FunnelStep Step(FunnelStepQuery s) => new(s.Name, s.Touchpoints, s.Where is { } where ? scope.Predicate(where.Expression) : null) { Within = s.Within };
        var result = Core.Analyses.Funnel.Compute(scope.Engine, new FunnelRequest(query.Steps.Select(Step).ToList(), query.Window, query.Order, query.CountBy,
            (query.Exclusions ?? []).Select(Step).ToList(), query.DroppedAt));
        return query.DroppedAt is { } at
            ? new FunnelAnswer(result, new DroppedPersons(result.Steps[at - 1].Name, [.. scope.PersonNames(result.DroppedPersons!).Order(StringComparer.Ordinal)]))
            : new FunnelAnswer(result);
    }

    private static PainPointsAnswer PainPoints(EngineScope scope, PainPointsQuery query)
    {
        var binding = new MapBinding(scope, query.View);
        return query.Map is { } map
            ? new PainPointsAnswer(null, binding.Bind(map))
            : new PainPointsAnswer(Core.Improvement.PainPoints.Detect(scope.Engine, new PainRequest(binding.Channels, scope.Catalogue, query.View.Lens ?? Lens.Default, query.View.Rules)), null);
    }

    /// <summary>The customers behind one pain point: detection (or the map's binding) run again, keeping who each pain counts.</summary>
    private static PainPersonsAnswer PainPersons(EngineScope scope, PainPersonsQuery query)
    {
        var binding = new MapBinding(scope, query.View);
        if (query.Map is { } reference)
        {
            var map = binding.Load(reference);
            var bound = binding.Bind(map);
            var boundOn = binding.ScopeFor(map); // the persona's scope: its persons keep their indexes, so names hold
            if (bound.Pains.FirstOrDefault(p => p.Id == query.Pain) is { } ranked)
            {
                return new PainPersonsAnswer(ranked.Id, ranked.Title, ranked.CustomersAffected, boundOn.PersonNames(ranked.Persons));
            }

            if (bound.Unattached.FirstOrDefault(p => p.Key == query.Pain) is { } unattached)
            {
                return new PainPersonsAnswer(unattached.Key, Described(unattached), unattached.CustomersAffected, boundOn.PersonNames(unattached.Persons));
            }

            throw new RequestException($"no pain point '{query.Pain}' on map '{map.Id}' in this scope; its pain points: {string.Join(", ", bound.Pains.Select(p => p.Id).Concat(bound.Unattached.Select(p => p.Key)).Take(20))}", "pain");
        }

        var detected = Core.Improvement.PainPoints.Detect(scope.Engine, new PainRequest(binding.Channels, scope.Catalogue, query.View.Lens ?? Lens.Default, query.View.Rules) { RecordPersons = true });
        return detected.Pains.FirstOrDefault(p => p.Key == query.Pain) is { } pain
            ? new PainPersonsAnswer(pain.Key, Described(pain), pain.CustomersAffected, scope.PersonNames(pain.Persons))
            : throw new RequestException($"no pain point '{query.Pain}' in this scope; found: {string.Join(", ", detected.Pains.Select(p => p.Key).Take(20))}", "pain");
    }

    private static PersonListAnswer Persons(EngineScope scope, PersonListQuery query)
    {
        var list = PersonList.Compute(scope.Engine, query.Top, withTies: true);
        var names = scope.PersonNames(list.Top.Select(p => p.Person));
        DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms) is var t && scope.Zone is { } zone ? TimeZoneInfo.ConvertTime(t, zone) : t;
        return new PersonListAnswer(list.Persons, PersonsAnalysis.Rank(list.Top.Select((p, i) => new PersonRow(names[i], p.Events, p.Journeys, At(p.FirstMs), At(p.LastMs))), query.Top));
    }

    private static string Described(DetectedPain pain) => $"{DetectedPain.KindName(pain.Kind)} at {pain.At} ({pain.Evidence})";

    private static IReadOnlyList<OpportunityRow> Opportunities(EngineScope scope, OpportunitiesQuery query)
    {
        var binding = new MapBinding(scope, query.View);
        var maps = query.Maps.Count > 0
            ? query.Maps.Select(binding.Load).ToList()
            : MapStore.List(scope.RequireWorkspace("opportunities")).Select(m => binding.Load(new MapReference(m.Id, null, false))).ToList();
        if (maps.Count == 0)
        {
            throw new RequestException("no maps: name map files, or save maps in the workspace with `journeylens map save FILE`");
        }

        return OpportunityBoard.Rows(maps.Select(m => (binding.Bind(m), binding.ScopeFor(m).Engine)), binding.Channels, scope.Measured, query.MinN)
            .Where(r => query.Status is not { } s || r.Opportunity.Status == s).ToList();
    }

    private static ExportedEvents Export(EngineScope scope)
    {
        var workspace = scope.RequireWorkspace("export");
        return new ExportedEvents(EventExport.PropertyKeys(workspace), EventExport.Events(workspace, scope.Engine));
    }

    private static IReadOnlyList<MapSummary> MapList(EngineScope scope) =>
        MapStore.List(scope.RequireWorkspace("map list")).Select(m => MapReader.Read(m.Yaml, m.Id) is var map
            ? new MapSummary(m.Id, m.Updated) { Title = map.Title, State = map.State.ToString().ToLowerInvariant(), Steps = map.Steps.Count, Persona = map.Actor.Persona }
            : new MapSummary(m.Id, m.Updated)).ToList();

    /// <summary>Maps bound to the scope's data through the view's lens, with its channels and rules.</summary>
    private sealed class MapBinding
    {
        private readonly EngineScope _scope;
        private readonly MapView _view;

        public MapBinding(EngineScope scope, MapView view)
        {
            (_scope, _view) = (scope, view);
            if (view.Lens is { } lens && scope.Catalogue.Lenses.All(l => l.Name != lens))
            {
                throw new RequestException($"--lens {lens}: no such lens; lenses: {string.Join(", ", scope.Catalogue.Lenses.Select(l => l.Name))}", "lens");
            }

            Channels = scope.Channels(ChannelClasses.Default);
        }

        public ChannelClasses Channels { get; }

        private readonly Dictionary<string, EngineScope> _personaScopes = new(StringComparer.Ordinal);

        private PersonaSegment? PersonaOf(JourneyMap map) => map.Actor.Persona is { } name ? _view.Personas.FirstOrDefault(p => p.Name == name) : null;

        /// <summary>What a map is bound on: its saved persona's persons within the scope, else the whole scope (narrowed once per persona).</summary>
        public EngineScope ScopeFor(JourneyMap map)
        {
            if (PersonaOf(map) is not { } persona)
            {
                return _scope;
            }

            if (!_personaScopes.TryGetValue(persona.Name, out var within))
            {
                _personaScopes[persona.Name] = within = _scope.Within(persona.Segment);
            }

            return within;
        }

        public JourneyMap Load(MapReference map) => map.Load(_scope.Workspace, _scope.Catalogue, _scope.Engine.Events.TouchpointNames);

        public BoundMap Bind(MapReference map) => Bind(Load(map));

        /// <summary>
        /// The map bound over its persona's segment when the actor names a saved persona (else over the whole scope, said
        /// in the notes), with the emotion lines of the view's further personas.
        /// </summary>
        public BoundMap Bind(JourneyMap map)
        {
            var persona = PersonaOf(map);
            var scope = ScopeFor(map);
            var bound = MapBinder.Bind(map, scope.Engine, new BindRequest(_scope.Catalogue, Channels, _view.Rules, _view.Lens, _view.MinAnswers) { RecordPersons = _view.RecordPersons });
            var notes = new List<string>(_view.PersonaProblems);
            if (map.Actor.Persona is { } named && persona is null)
            {
                notes.Add($"the map's persona '{named}' is not saved in the workspace, so its figures are over everyone in the scope; save it on the Personas page or with journeylens persona save {named} --segment FILTER");
            }

            // Another persona's line: their answers within the scope, picked by person, without narrowing the engine.
            PersonaLine Line(PersonaSegment p)
            {
                var events = _scope.Engine.Events;
                var inPersona = EventTableFilter.PersonsWithAnyMask(events, _scope.Predicate(p.Segment.Expression));
                return new PersonaLine(p.Name, p.Shown, inPersona.Count(x => x), MapBinder.EmotionLine(map, _scope.Engine, _view.MinAnswers, person => inPersona[person]));
            }

            var lines = _view.Lines.Select(l => Line(_view.Personas.First(p => p.Name == l))).ToList();
            return bound with
            {
                Persona = persona is null ? null : new BoundPersona(persona.Name, persona.Shown, persona.Segment.Label),
                PersonaLines = lines,
                Notes = [.. notes, .. bound.Notes],
            };
        }
    }
}
