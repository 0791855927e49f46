namespace JourneyLens.Maps.Model;

/// <summary>Where a value stood in the YAML, for messages that point at it.</summary>
public readonly record struct Position(long Line, long Column)
{
    public override string ToString() => $"line {Line}, column {Column}";
}

public enum MapState
{
    Current,
    Future,
}

public enum OpportunityStatus
{
    Idea,
    Building,
    Measuring,
    Done,
}

/// <summary>One point of view: the persona whose journey the map tells (NN/g: a map has exactly one actor).</summary>
public sealed record Actor(string Name, string? Persona, string? Description);

public sealed record MapScenario(string? Goal, IReadOnlyList<string> Expectations);

/// <summary>The researched emotion at a step on the map's scale (−2 … +2), with its evidence.</summary>
public sealed record Emotion(int Value, string? Evidence);

/// <summary>Service-blueprint lanes below the customer's actions.</summary>
public sealed record Lanes(string? Evidence, string? Frontstage, string? Backstage, string? Support);

/// <param name="Touchpoints">Event names that evidence the step; empty for a step without data.</param>
/// <param name="IsTouchpoint">False for an important non-touchpoint (packing a bag, talking to friends).</param>
public sealed record Step(
    string Id,
    string Phase,
    string Title,
    IReadOnlyList<string> Actions,
    IReadOnlyList<string> Thoughts,
    Emotion? Emotion,
    IReadOnlyList<string> Touchpoints,
    string? Channel,
    bool IsTouchpoint,
    string? Owner,
    string? Ownership,
    Lanes? Lanes,
    Position At)
{
    /// <summary>Not every customer takes this step (a complaint, a review): binding counts no drop-off into it.</summary>
    public bool Optional { get; init; }

    /// <summary>The wait from the previous step the customer accepts; longer waits are a pain point when frequent.</summary>
    public TimeSpan? MaxWait { get; init; }

    /// <summary>Where each of <see cref="Touchpoints"/> stands in the YAML (empty for a step built in code).</summary>
    public IReadOnlyList<Position> TouchpointsAt { get; init; } = [];
}

public sealed record PainPoint(string Id, string Step, string Title, int Severity, string? Description, Position At);

/// <param name="Baseline">A number, or the name of a saved measurement.</param>
public sealed record Opportunity(
    string Id,
    string Title,
    IReadOnlyList<string> Steps,
    IReadOnlyList<string> PainPoints,
    string? Owner,
    IReadOnlyList<string> Drivers,
    OpportunityStatus Status,
    string? Metric,
    string? Baseline,
    double? Target,
    int? Effort,
    Position At)
{
    /// <summary>When the team means to have it done.</summary>
    public DateOnly? Due { get; init; }

    /// <summary>The day it was done (set when it is moved to done on the board): a dated change on the trends.</summary>
    public DateOnly? Done { get; init; }
}

/// <summary>A journey map (docs/maps.md): stable ids so it diffs well; steps bound to the touchpoints that evidence them.</summary>
public sealed record JourneyMap(
    string Id,
    string Title,
    MapState State,
    string? CompareTo,
    string Lens,
    Actor Actor,
    MapScenario Scenario,
    IReadOnlyList<string> Phases,
    IReadOnlyList<Step> Steps,
    IReadOnlyList<PainPoint> PainPoints,
    IReadOnlyList<Opportunity> Opportunities,
    IReadOnlyList<string> Metrics);
