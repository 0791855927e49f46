namespace JourneyLens.Maps.Editing;

/// <summary>How a field is written in the YAML and asked for in a form.</summary>
public enum FieldKind
{
    /// <summary>One line of text.</summary>
    Text,

    /// <summary>Free text over several lines (a description).</summary>
    LongText,

    /// <summary>A list of texts, one per line in the form.</summary>
    Lines,

    /// <summary>One of <see cref="ItemField.Choices"/> (or nothing, when the field is optional).</summary>
    Choice,

    /// <summary>true or false; written only when it differs from <see cref="ItemField.Default"/>.</summary>
    Flag,

    /// <summary>A number.</summary>
    Number,

    /// <summary>A day, yyyy-MM-dd.</summary>
    Day,
}

/// <param name="Key">The YAML key; "lanes.frontstage" is the key frontstage inside lanes.</param>
/// <param name="Choices">Fixed choices; for choices that depend on the map (its phases, steps), the editor fills them in.</param>
public sealed record ItemField(string Key, string Label, FieldKind Kind, string? Help = null, IReadOnlyList<string>? Choices = null, string? Default = null, bool Required = false);

/// <summary>An item list of a map that can be edited one item at a time: its YAML key, what one item is called, and its fields in writing order.</summary>
public sealed record ItemKind(string List, string Singular, IReadOnlyList<ItemField> Fields)
{
    public static readonly ItemKind Step = new("steps", "step",
    [
        new("id", "id", FieldKind.Text, "Stable: pain points and opportunities refer to it", Required: true),
        new("phase", "phase", FieldKind.Choice, Required: true),
        new("title", "title", FieldKind.Text, "What the customer does, in their words", Required: true),
        new("actions", "actions", FieldKind.Lines, "One per line"),
        new("thoughts", "thoughts", FieldKind.Lines, "One per line: questions and doubts in the customer's words"),
        new("emotion", "emotion", FieldKind.Choice, "-2 very negative … 2 very positive", ["-2", "-1", "0", "1", "2"]),
        new("evidence", "evidence of the emotion", FieldKind.Text, "The research it comes from"),
        new("touchpoints", "touchpoints", FieldKind.Lines, "Event names that evidence the step, one per line"),
        new("channel", "channel", FieldKind.Text),
        new("touchpoint", "a touchpoint", FieldKind.Flag, "Untick for an important non-touchpoint (packing, talking to friends)", Default: "true"),
        new("optional", "optional", FieldKind.Flag, "Not every customer takes it: no drop-off is counted into it", Default: "false"),
        new("max_wait", "longest accepted wait", FieldKind.Text, "From the previous step, e.g. 30m, 2h, 1d"),
        new("owner", "owner", FieldKind.Text),
        new("ownership", "ownership", FieldKind.Text),
        new("lanes.evidence", "lane: evidence", FieldKind.Text),
        new("lanes.frontstage", "lane: frontstage", FieldKind.Text),
        new("lanes.backstage", "lane: backstage", FieldKind.Text),
        new("lanes.support", "lane: support", FieldKind.Text),
    ]);

    public static readonly ItemKind PainPoint = new("pain_points", "pain point",
    [
        new("id", "id", FieldKind.Text, Required: true),
        new("step", "step", FieldKind.Choice, Required: true),
        new("title", "title", FieldKind.Text, Required: true),
        new("severity", "severity", FieldKind.Choice, "1 minor … 5 critical", ["1", "2", "3", "4", "5"], Default: "3"),
        new("description", "description", FieldKind.LongText),
    ]);

    public static readonly ItemKind Opportunity = new("opportunities", "opportunity",
    [
        new("id", "id", FieldKind.Text, Required: true),
        new("title", "title", FieldKind.Text, Required: true),
        new("steps", "steps", FieldKind.Lines, "Ids of the steps it improves, one per line"),
        new("pain_points", "pain points", FieldKind.Lines, "Ids of the pain points it addresses, one per line"),
        new("owner", "owner", FieldKind.Text),
        new("drivers", "drivers", FieldKind.Lines, "Why it matters, one per line"),
        new("status", "status", FieldKind.Choice, Choices: ["idea", "building", "measuring", "done"], Default: "idea"),
        new("metric", "metric", FieldKind.Text, "e.g. nps@Collected baggage, failed-self-service@Online check-in failed"),
        new("baseline", "baseline", FieldKind.Text, "A number, or the name of a saved measurement"),
        new("target", "target", FieldKind.Number),
        new("effort", "effort", FieldKind.Choice, "1 small … 5 large", ["1", "2", "3", "4", "5"]),
        new("due", "due", FieldKind.Day, "When it should be done"),
        new("done", "done on", FieldKind.Day, "The day it was done: set when it is moved to done on the board"),
    ]);

    public static readonly IReadOnlyList<ItemKind> All = [Step, PainPoint, Opportunity];

    public static ItemKind? Find(string list) => All.FirstOrDefault(k => k.List == list);
}
