namespace JourneyLens.Core.Catalogue;

/// <summary>An ordered phase grouping over the same touchpoints (docs/catalogue.md): lifecycle, functional, activity, ….</summary>
public sealed record Lens(string Name, IReadOnlyList<string> Phases)
{
    public const string Default = "lifecycle";

    /// <summary>The lenses every workspace has; a catalogue may add its own or give a built-in one other phases.</summary>
    public static readonly IReadOnlyList<Lens> BuiltIn =
    [
        new("lifecycle", ["awareness", "consideration", "purchase", "retention", "advocacy"]),
        new("buyer", ["awareness", "consideration", "decision"]),
        new("functional", ["marketing", "sales", "service"]),
        new("targets", ["acquisition", "conversion", "retention"]),
        new("engagement", ["awareness", "interest", "consideration", "purchase", "aftersales", "repeat purchase"]),
        new("activity", []),
        new("goal", ["decision framing", "decision", "transaction", "evaluation"]),
    ];
}
