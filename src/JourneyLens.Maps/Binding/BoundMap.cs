using JourneyLens.Core.Analyses;
using JourneyLens.Core.Experience;
using JourneyLens.Core.Improvement;
using JourneyLens.Core.Statistics;
using JourneyLens.Maps.Model;

namespace JourneyLens.Maps.Binding;

/// <summary>The figures of one step (docs/maps.md, "Binding").</summary>
/// <param name="Phase">The step's column: its own phase, or under another lens the phase most of its events have there.</param>
/// <param name="Unmeasured">Why the step has no figures, or null when it has some.</param>
/// <param name="Reach">Share of the scope's journeys with an event at the step.</param>
/// <param name="Next">The step the drop-off is counted into: the next step that has touchpoints and is not optional.</param>
/// <param name="DropOff">Share of the journeys reaching the step that do not reach <paramref name="Next"/> at or after it.</param>
/// <param name="Wait">Time from the last event at the previous such step to the first event here, in seconds.</param>
public sealed record BoundStep(
    Step Step,
    string Phase,
    string? Unmeasured,
    long Events,
    long Journeys,
    long Persons,
    Estimate Reach,
    string? Next,
    Estimate? DropOff,
    long PersonsDropped,
    DurationStats? Wait,
    long Waits,
    IReadOnlyList<ScoreFigure> Scores,
    MeasuredEmotion? MeasuredEmotion,
    IReadOnlyList<DetectedPain> Pains)
{
    public bool Measured => Unmeasured is null;
}

/// <summary>A pain point of the map (researched) or of the data (detected), at a step, with its impact.</summary>
/// <param name="Source">"map" when researched and written in the map, "data" when detected.</param>
public sealed record RankedPain(string Source, string Id, string Step, string Kind, string Title, long CustomersAffected, int Severity, string Evidence)
{
    /// <summary>The customers affected (engine person indexes), when binding was asked to record them.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public IReadOnlyList<int> Persons { get; init; } = [];

    public long Impact => CustomersAffected * Severity;
}

/// <param name="Coverage">Share of the map's steps with figures.</param>
/// <param name="Phases">The columns, in order: the map's phases, or those of the lens it is viewed through.</param>
/// <param name="Unattached">Pain points found in the data at touchpoints no step binds: the map's blind spots.</param>
public sealed record BoundMap(
    JourneyMap Map,
    string Lens,
    long Journeys,
    long Persons,
    IReadOnlyList<string> Phases,
    IReadOnlyList<BoundStep> Steps,
    double Coverage,
    IReadOnlyList<RankedPain> Pains,
    IReadOnlyList<DetectedPain> Unattached,
    IReadOnlyList<string> Notes)
{
    /// <summary>The map's own <c>metrics</c> (any metric of <c>journeylens compare</c>), measured over the scope.</summary>
    public IReadOnlyList<MetricValue> Metrics { get; init; } = [];

    /// <summary>The persona whose segment the figures are narrowed to (the map's <c>actor.persona</c>, when saved); null: everyone in the scope.</summary>
    public BoundPersona? Persona { get; init; }

    /// <summary>Measured emotion lines of further personas, each aligned with <see cref="Steps"/>, drawn beside the map's own.</summary>
    public IReadOnlyList<PersonaLine> PersonaLines { get; init; } = [];
}

/// <param name="Segment">The persona's segment as the figures were narrowed by it (a filter, or <c>@name</c>).</param>
public sealed record BoundPersona(string Name, string Shown, string Segment);

/// <param name="Emotions">Per step of the map, in its order: the measured emotion of this persona's answers, or null.</param>
public sealed record PersonaLine(string Name, string Shown, long Persons, IReadOnlyList<MeasuredEmotion?> Emotions);
