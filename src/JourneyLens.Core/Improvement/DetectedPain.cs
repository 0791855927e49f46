namespace JourneyLens.Core.Improvement;

public enum PainKind
{
    /// <summary>Many journeys reach a step of a map and not the next one.</summary>
    DropOff,

    /// <summary>A touchpoint scored significantly below the rest of the journey.</summary>
    LowPoint,

    /// <summary>A digital touchpoint often followed by an assisted contact: self-service that failed.</summary>
    FailedSelfService,

    /// <summary>An assisted contact often followed by another one: the first did not resolve it.</summary>
    RepeatContact,

    /// <summary>Journeys that come back to a touchpoint after going elsewhere: going round in circles.</summary>
    Loop,

    /// <summary>A long wait between two consecutive touchpoints of the same phase.</summary>
    LongWait,
}

/// <summary>
/// A pain point found in the data (docs/improve.md). <see cref="Impact"/> = customers affected × severity, the ranking
/// in docs/improve.md.
/// </summary>
/// <param name="At">The touchpoint it happens at; for a wait "A → B", for a drop-off the map step.</param>
/// <param name="Touchpoint">The touchpoint a map step must bind to own it (for a wait, the one waited for).</param>
/// <param name="CustomersAffected">Distinct persons who met it.</param>
/// <param name="Severity">1–5, from the size of the effect by the documented rule of its kind.</param>
/// <param name="Effect">The measured effect: a rate, a score difference, or a median wait in seconds.</param>
/// <param name="Evidence">The figures behind it in words.</param>
public sealed record DetectedPain(PainKind Kind, string At, string Touchpoint, long CustomersAffected, int Severity, double Effect, string Evidence)
{
    /// <summary>The customers affected (engine person indexes), when detection was asked to record them.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public IReadOnlyList<int> Persons { get; init; } = [];

    /// <summary>How a pain is named for a drill-down to its persons: its kind and where, e.g. "failed self-service: Online check-in failed".</summary>
    public string Key => $"{KindName(Kind)}: {At}";

    public long Impact => CustomersAffected * Severity;

    public static string KindName(PainKind kind) => kind switch
    {
        PainKind.DropOff => "drop-off",
        PainKind.LowPoint => "low point",
        PainKind.FailedSelfService => "failed self-service",
        PainKind.RepeatContact => "repeat contact",
        PainKind.Loop => "loop",
        _ => "long wait",
    };

    /// <summary>A share (0–1) as severity: every 20 % adds one, 1–5.</summary>
    public static int SeverityOfShare(double share) => Math.Clamp((int)Math.Ceiling(share * 5 - 1e-9), 1, 5);
}
