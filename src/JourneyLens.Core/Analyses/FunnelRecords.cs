namespace JourneyLens.Core.Analyses;

public enum FunnelOrder
{
    /// <summary>Steps in order; other events may come between them.</summary>
    Ordered,

    /// <summary>Steps in order with nothing between them: an event that matches no step resets progress.</summary>
    Strict,

    /// <summary>Steps in any order: the level reached is the number of distinct steps within the window.</summary>
    Any,
}

public enum FunnelUnit
{
    Persons,
    Journeys,
}

/// <summary>
/// A funnel step: reached by an event at any of its touchpoints (any touchpoint when none are named) for which the
/// optional <see cref="Matches"/> filter holds (a predicate over the engine's event indexes, e.g. a property filter).
/// </summary>
public sealed record FunnelStep(string Name, IReadOnlyList<string> Touchpoints, Func<int, bool>? Matches = null)
{
    /// <summary>A per-step window: this step must follow the previous one within this time (besides the funnel's window from the first step).</summary>
    public TimeSpan? Within { get; init; }
}

/// <param name="Exclusions">Events that end an attempt: steps after an exclusion event (later than the attempt's start) do not count for it.</param>
/// <param name="DroppedAt">When set (1-based step, 2 or more), the result lists the persons that reached the step before it but not this one.</param>
public sealed record FunnelRequest(
    IReadOnlyList<FunnelStep> Steps,
    TimeSpan Window,
    FunnelOrder Order = FunnelOrder.Ordered,
    FunnelUnit CountBy = FunnelUnit.Persons,
    IReadOnlyList<FunnelStep>? Exclusions = null,
    int? DroppedAt = null);

public sealed record FunnelStepResult(
    string Name,
    long Count,
    double ConversionFromPrevious,
    double ConversionFromFirst,
    long DropOff,
    double? MedianSecondsFromPrevious,
    double? MeanSecondsFromPrevious);

/// <param name="DroppedPersons">Engine person indexes that dropped at <see cref="FunnelRequest.DroppedAt"/>, in order (each once).</param>
public sealed record FunnelResult(FunnelOrder Order, FunnelUnit CountBy, long Units, IReadOnlyList<FunnelStepResult> Steps)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<int>? DroppedPersons { get; init; }
}
