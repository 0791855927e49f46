using System.Globalization;
using System.Text.Json.Serialization;
using JourneyLens.Application.Parameters;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Core.Analyses;
using JourneyLens.Core.Improvement;
using JourneyLens.Maps.Binding;
using JourneyLens.Maps.Model;
using JourneyLens.Rendering.Tables;
using static JourneyLens.Application.Analyses.Figures;

namespace JourneyLens.Application.Analyses;

/// <summary>How maps are bound: through another lens, with which pain rules, and how few answers are too few.</summary>
public sealed record MapView(string? Lens, PainRules Rules, int MinAnswers)
{
    /// <summary>The workspace's personas, resolved when the query was bound: a map whose actor names one is narrowed to its segment.</summary>
    public IReadOnlyList<Saved.PersonaSegment> Personas { get; init; } = [];

    /// <summary>Personas whose measured emotion lines are drawn beside the map's own.</summary>
    public IReadOnlyList<string> Lines { get; init; } = [];

    /// <summary>Personas left out because their segment no longer resolves (said in the map's notes).</summary>
    public IReadOnlyList<string> PersonaProblems { get; init; } = [];

    /// <summary>Keep the customers behind each pain point (for the drill-down to them).</summary>
    public bool RecordPersons { get; init; }
}

/// <param name="Pain">As the pain point tables name it: a map's pain-point id, or kind and place ("failed self-service: Online check-in failed").</param>
public sealed record PainPersonsQuery(Selection Over, MapView View, MapReference? Map, string Pain) : IQuery<PainPersonsAnswer>;

/// <summary>The customers a pain point affects, by name (type:value of their key identifier), in person order.</summary>
public sealed record PainPersonsAnswer(string Pain, string Title, long CustomersAffected, IReadOnlyList<string> Persons);

public sealed record MapBindQuery(Selection Over, MapReference Map, MapView View) : IQuery<BoundMap>;

/// <param name="Map">Also attach the pain points to this map's steps.</param>
public sealed record PainPointsQuery(Selection Over, MapView View, MapReference? Map = null) : IQuery<PainPointsAnswer>;

/// <summary>Pain points found in the data, or with a map, attached to its steps.</summary>
public sealed record PainPointsAnswer(PainPointsResult? Detected, BoundMap? Bound);

/// <param name="Maps">The maps of the board (none: every map saved in the workspace).</param>
public sealed record OpportunitiesQuery(Selection Over, IReadOnlyList<MapReference> Maps, MapView View, OpportunityStatus? Status = null, int MinN = 30) : IQuery<IReadOnlyList<OpportunityRow>>;

public sealed record MapListQuery() : IQuery<IReadOnlyList<MapSummary>>
{
    public Selection Over => Selection.All;
}

/// <summary>A saved map: its id and when it was saved (the JSON); its title, state and steps for the table.</summary>
public sealed record MapSummary(string Id, DateTimeOffset Updated)
{
    [JsonIgnore] public string Title { get; init; } = "";

    [JsonIgnore] public string State { get; init; } = "";

    [JsonIgnore] public int Steps { get; init; }

    /// <summary>The persona the map's actor names, if any.</summary>
    [JsonIgnore] public string? Persona { get; init; }
}

/// <summary><c>map bind</c>, <c>painpoints</c>, <c>opportunities</c> and <c>map list</c>: maps bound to the data, and the improvement board.</summary>
public static class MapAnalyses
{
    private static readonly Parameter<string?> ViewLens = new("lens", "View the map through another lens: steps regrouped into that lens's phases") { Place = ParameterPlace.More };
    private static readonly Parameter<string?> LongWait = new("long-wait", "Also look for waits between touchpoints of one phase with a median of at least this, e.g. 30m (a map's steps say theirs with max_wait)") { Kind = TextKind.Duration };
    private static readonly Parameter<string?> MapParameter = new("map", "Also attach them to the steps of this map and add its drop-offs and researched pain points");
    private static readonly Parameter<string[]> PersonaLines = new("personas", "Also draw the measured emotion line of these saved personas beside the map's own")
        { Default = [], Label = "Emotion lines of personas" };
    private static readonly Parameter<OpportunityStatus?> Status = new("status", "Only opportunities with this status: idea, building, measuring or done");

    /// <summary>The scope and binding options that map-bound analyses take.</summary>
    private static readonly IReadOnlyList<Parameter> Binding = [.. ScopeParameters.Common, ViewLens, LongWait, SharedParameters.MinAnswers];

    public static readonly Analysis Bind = new Analysis<MapBindQuery, BoundMap>
    {
        Name = "map-bind",
        Command = ["map", "bind"],
        Title = "Map bound to data",
        Summary = "A saved journey map with per-step reach, drop-off, waits, scores and emotion",
        Description = "Bind a map to the data: per step volume, reach, drop-off, wait, scores and measured emotion; coverage; pain points by impact",
        Argument = new PositionalArgument("map", "A map YAML file, or the id of a map saved in the workspace"),
        Parameters = [.. Binding, PersonaLines],
        Bind = BindQuery,
        Tables = (_, bound) => BoundTables(bound),
    };

    public static readonly Analysis PainPoints = new Analysis<PainPointsQuery, PainPointsAnswer>
    {
        Name = "painpoints",
        Command = ["painpoints"],
        Title = "Pain points",
        Summary = "Pain points found in the data, ranked by customers affected × severity",
        Description = "Pain points found in the data — low points, failed self-service, repeat contact, loops, long waits (and drop-offs along a map) — by impact",
        Parameters = [MapParameter, .. Binding],
        Bind = values => new PainPointsQuery(Selection.Of(ScopeParameters.Scope(values)), ViewOf(values),
            values.Get(MapParameter) is { } map ? MapReference.Of(map, values.LocalFiles) : null),
        Tables = (_, answer) => answer.Bound is { } bound
            ? [PainTable($"Pain points of '{bound.Map.Title}' by impact (customers affected × severity)", bound.Pains, bound.Map.Id)]
            : [PainTable(answer.Detected!)],
        Json = answer => answer.Bound is { } bound ? new { bound.Pains, bound.Unattached, bound.Notes } : answer.Detected!,
        Notes = answer => answer.Detected?.Notes ?? [],
    };

    private static readonly Parameter<string?> Pain = new("pain", "The pain point as the pain points table names it in its 'who' column: a map's pain-point id, or kind and place, e.g. \"failed self-service: Online check-in failed\"")
        { Label = "Pain point" };

    public static readonly Analysis PainPersons = new Analysis<PainPersonsQuery, PainPersonsAnswer>
    {
        Name = "pain-persons",
        Command = ["painpoints", "persons"],
        Title = "Customers behind a pain point",
        Summary = "Who a pain point affects: each customer, linked to their timeline",
        Description = "The customers a pain point affects — those counted in its 'customers' figure — each linked to their timeline",
        Parameters = [Pain, MapParameter, .. Binding],
        NeedsInput = true,
        Bind = values => new PainPersonsQuery(Selection.Of(ScopeParameters.Scope(values)), ViewOf(values) with { RecordPersons = true },
            values.Get(MapParameter) is { } map ? MapReference.Of(map, values.LocalFiles) : null,
            values.Get(Pain) is { Length: > 0 } pain ? pain : throw new RequestException("give the pain point (--pain), as the pain points table names it in its 'who' column", Pain.Name)),
        Tables = (_, answer) =>
        [
            new DataTable($"{answer.Persons.Count:N0} customers: {answer.Title}", ["person"], answer.Persons.Select(p => (IReadOnlyList<string>)[p]).ToList()) { PersonColumns = new HashSet<int> { 0 } },
        ],
    };

    public static readonly Analysis Opportunities = new Analysis<OpportunitiesQuery, IReadOnlyList<OpportunityRow>>
    {
        Name = "opportunities",
        Command = ["opportunities"],
        Title = "Opportunities",
        Summary = "The opportunity board: impact, effort, baseline, progress",
        Description = "Opportunities from the maps by priority (impact ÷ effort), with the baseline, the metric measured now, the target and progress",
        Argument = new PositionalArgument("maps", "Map files or ids of saved maps (default: every map saved in the workspace)", Many: true),
        Parameters = [Status, SharedParameters.MinN, .. Binding],
        Bind = values => new OpportunitiesQuery(Selection.Of(ScopeParameters.Scope(values)), values.Arguments.Select(m => MapReference.Of(m, values.LocalFiles)).ToList(),
            ViewOf(values), values.Get(Status), values.Get(SharedParameters.MinN)),
        Tables = (_, rows) => [Table(rows)],
    };

    public static readonly Analysis List = new Analysis<MapListQuery, IReadOnlyList<MapSummary>>
    {
        Name = "maps",
        Command = ["map", "list"],
        Title = "Journey maps",
        Summary = "The journey maps saved in the workspace",
        Description = "The maps saved in the workspace",
        Parameters = [],
        Bind = _ => new MapListQuery(),
        Tables = (_, maps) =>
        [
            new DataTable($"Maps in the workspace: {maps.Count}", ["id", "title", "state", "steps", "updated (UTC)"],
                maps.Select(m => (IReadOnlyList<string>)[m.Id, m.Title, m.State, Show.Number(m.Steps), m.Updated.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)]).ToList()),
        ],
    };

    /// <summary>The map of the values' argument bound over their scope and view (map render binds through this too).</summary>
    public static MapBindQuery BindQuery(ParameterValues values)
    {
        var view = ViewOf(values);
        return new(Selection.Of(ScopeParameters.Scope(values)), MapReference.Of(values.Argument!, values.LocalFiles), view with { Lines = LinesOf(values, view) });
    }

    private static MapView ViewOf(ParameterValues values)
    {
        var problems = new List<string>();
        var personas = values.Segments?.Personas.Resolved(values.Segments, problems) ?? [];
        return new(values.Get(ViewLens), PainRules.Default with
        {
            LongWaitSeconds = values.Get(LongWait) is { } wait ? SharedParameters.Duration(wait, "--long-wait").TotalSeconds : null,
            MinCases = SharedParameters.MinAnswersOf(values),
        }, SharedParameters.MinAnswersOf(values))
        { Personas = personas, PersonaProblems = problems };
    }

    /// <summary>The personas whose emotion lines a map is drawn with, each saved.</summary>
    private static List<string> LinesOf(ParameterValues values, MapView view)
    {
        var lines = values.Get(PersonaLines).SelectMany(l => l.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal).ToList();
        if (lines.Count > MaxPersonaLines)
        {
            throw new RequestException($"at most {MaxPersonaLines} personas' emotion lines on one map", PersonaLines.Name);
        }

        if (lines.FirstOrDefault(l => view.Personas.All(p => p.Name != l)) is { } unknown)
        {
            throw new RequestException($"--personas {unknown}: no saved persona of that name" + (view.Personas.Count > 0
                ? $"; personas: {string.Join(", ", view.Personas.Select(p => p.Name))}"
                : "; none is saved yet (save one on the Personas page, or with journeylens persona save NAME --segment FILTER)"), PersonaLines.Name);
        }

        return lines;
    }

    /// <summary>More lines than colours cannot be told apart on one map.</summary>
    public const int MaxPersonaLines = 6;

    public static DataTable[] BoundTables(BoundMap b) =>
    [
        new DataTable(string.Create(CultureInfo.InvariantCulture,
                $"'{b.Map.Title}' bound to {b.Journeys:N0} journeys of {b.Persons:N0} persons{(b.Persona is { } p ? $" who are {p.Shown} ({p.Segment})" : "")} ({b.Lens} lens): coverage {b.Coverage:P0}, {b.Steps.Count(s => s.Measured)} of {b.Steps.Count} steps measured"),
            ["phase", "step", "journeys", "reach", "drop-off [95%]", "to", "median wait", "scores", "emotion: research", "emotion: data", .. b.PersonaLines.Select(l => $"emotion: {l.Shown}"), "pains", "status"],
            b.Steps.Select((s, i) => (IReadOnlyList<string>)[s.Phase, s.Step.Title + (s.Step.IsTouchpoint ? "" : " (not a touchpoint)"), Show.Number(s.Journeys), Show.Percent(s.Reach.Value),
                s.DropOff is { } d ? Rate(d) : "", s.Next ?? "", s.Wait is { } w ? DurationText.Format(w.Median) : "",
                string.Join("; ", s.Scores.Select(f => $"{Name(f.Type)} {Show.Score(f)}")),
                s.Step.Emotion is { } e ? e.Value.ToString("+0;-0;0", CultureInfo.InvariantCulture) : "",
                Emotion(s.MeasuredEmotion), .. b.PersonaLines.Select(l => Emotion(l.Emotions[i])),
                Show.Number(s.Pains.Count), s.Unmeasured is null ? "measured" : $"unmeasured: {s.Unmeasured}"]).ToList())
        { NumericColumns = new HashSet<int> { 2, 3 } },
        new DataTable("The map's metrics over the scope", ["metric", "value [95% interval]"],
            b.Metrics.Select(m => (IReadOnlyList<string>)[m.Metric, Rendering.Maps.MapChart.MetricText(m)]).ToList()),
        PainTable("Pain points by impact (customers affected × severity)", b.Pains, b.Map.Id),
        PainTable("Found in the data at touchpoints no step binds", b.Unattached, b.Map.Id),
    ];

    private static string Emotion(MeasuredEmotion? m) => m is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{m.Value:+0.0;-0.0;0.0} [{m.Low:+0.0;-0.0;0.0}, {m.High:+0.0;-0.0;0.0}]");

    /// <param name="mapId">The map the pain points are of: their 'who' links open its customers.</param>
    public static DataTable PainTable(string title, IReadOnlyList<RankedPain> pains, string mapId) =>
        new(title, ["source", "step", "kind", "pain point", "customers", "severity", "impact", "evidence", "who"],
            pains.Select(p => (IReadOnlyList<string>)[p.Source, p.Step, p.Kind, p.Title, Show.Number(p.CustomersAffected), Show.Number(p.Severity), Show.Number(p.Impact), p.Evidence, p.Id]).ToList())
        { NumericColumns = new HashSet<int> { 4, 5, 6 }, Drill = WhoDrill(8, mapId) };

    public static DataTable PainTable(PainPointsResult result) => PainTable("Pain points in the data by impact (customers affected × severity)", result.Pains, null);

    public static DataTable PainTable(string title, IEnumerable<DetectedPain> pains, string? mapId) =>
        new(title, ["kind", "at", "customers", "severity", "impact", "evidence", "who"],
            pains.Select(p => (IReadOnlyList<string>)[DetectedPain.KindName(p.Kind), p.At, Show.Number(p.CustomersAffected), Show.Number(p.Severity), Show.Number(p.Impact), p.Evidence, p.Key]).ToList())
        { NumericColumns = new HashSet<int> { 2, 3, 4 }, Drill = WhoDrill(6, mapId) };

    /// <summary>The 'who' column: the pain's name, which pages link to its customers (pain-persons).</summary>
    private static Drill WhoDrill(int column, string? mapId) =>
        new(column, PainPersons.Name, Pain.Name, "customers", mapId is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [MapParameter.Name] = mapId });

    public static DataTable Table(IReadOnlyList<OpportunityRow> rows) =>
        new($"Opportunities by priority (impact ÷ effort): {rows.Count}",
            ["map", "opportunity", "status", "owner", "impact", "effort", "priority", "metric", "baseline", "now [95%]", "target", "progress", "baseline → now", "at stake (from the data)", "note"],
            rows.Select(r => (IReadOnlyList<string>)[r.Map, r.Opportunity.Title, r.Opportunity.Status.ToString().ToLowerInvariant(), r.Opportunity.Owner ?? "",
                Show.Number(r.Impact), Show.Number(r.Effort), r.Priority.ToString("0", CultureInfo.InvariantCulture), r.Opportunity.Metric ?? "",
                r.Baseline is { } b ? Value(b) : "", r.Now is { } n ? $"{Value(n.Value)} [{Value(n.Low)}, {Value(n.High)}]" : "",
                r.Opportunity.Target is { } t ? Value(t) : "", r.Progress is { } p ? Show.Percent(p) : "",
                r.Comparison is { } c ? $"{c.Verdict} (p {P(c.Difference.P)})" : "", string.Join("; ", r.AtStake), r.Problem ?? ""]).ToList())
        { NumericColumns = new HashSet<int> { 4, 5, 6 } };

    private static string Value(double v) => double.IsNaN(v) ? "" : Math.Round(v, 4).ToString(CultureInfo.InvariantCulture);
}
