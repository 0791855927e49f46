using System.Text;
using JourneyLens.Core.Catalogue;

namespace JourneyLens.Maps.Templates;

/// <summary>
/// What a new map starts from when it is made in a form rather than written: the template, and what the team already
/// knows (its title, the persona, the goal); null or empty values keep the template's prompts.
/// </summary>
/// <param name="Phases">The columns; empty: the template lens's phases.</param>
public sealed record MapStart(string Template, string Id)
{
    public string? Title { get; init; }

    public string? ActorName { get; init; }

    public string? Persona { get; init; }

    public string? ActorDescription { get; init; }

    public string? Goal { get; init; }

    public IReadOnlyList<string> Expectations { get; init; } = [];

    public IReadOnlyList<string> Phases { get; init; } = [];

    /// <summary>
    /// Whether the fields not given are written as prompts to overwrite (a template read as YAML shows every field
    /// once); a map made in a form leaves them out, so no prompt text ends up on the map as if it were research.
    /// </summary>
    public bool Examples { get; init; } = true;
}

/// <summary>
/// Starting maps for `journeylens map new --template NAME` and the web's new-map form: one per lens (its phases, a step
/// in each with every field shown once) and a service blueprint (lanes filled in). The text is YAML to edit, valid as
/// it stands; every value given is written quoted, so no text can change the YAML's structure.
/// </summary>
public static class MapTemplates
{
    public const string Blueprint = "blueprint";

    /// <summary>Phases for the activity lens, whose activities belong to each journey: a neutral set to rename.</summary>
    private static readonly string[] Activities = ["discover", "choose", "buy", "use", "get help", "look back"];

    public static IReadOnlyList<string> Names => [.. Lens.BuiltIn.Select(l => l.Name), Blueprint];

    /// <summary>The phases a template starts with.</summary>
    public static IReadOnlyList<string> PhasesOf(string template) => LensOf(template) is { Phases.Count: > 0 } lens ? lens.Phases : Activities;

    public static string Yaml(string template, string id) => Yaml(new MapStart(template, id));

    public static string Yaml(MapStart start)
    {
        var template = start.Template;
        var lens = LensOf(template);
        var phases = start.Phases.Count > 0 ? start.Phases : PhasesOf(template);
        var yaml = new StringBuilder();
        yaml.AppendLine($"# A journey map (docs/maps.md). Template: {template}. Bind steps to touchpoints (event names) to see live figures.");
        yaml.AppendLine($"id: {Quote(start.Id)}");
        yaml.AppendLine($"title: {Quote(start.Title ?? start.Id)}");
        yaml.AppendLine("state: current");
        yaml.AppendLine($"lens: {lens.Name}");
        yaml.AppendLine("actor:");
        yaml.AppendLine($"  name: {Quote(start.ActorName ?? "Customer")}");
        if (start.Persona is { } persona)
        {
            yaml.AppendLine($"  persona: {Quote(persona)}      # a saved persona: the map's figures are over its segment");
        }

        var examples = start.Examples;
        if ((start.ActorDescription ?? (examples ? "Who this map is about (one actor, one point of view)." : null)) is { } description)
        {
            yaml.AppendLine($"  description: {Quote(description)}");
        }

        var goal = start.Goal ?? (examples ? "What the customer wants to achieve." : null);
        var expectations = start.Expectations.Count > 0 || !examples ? start.Expectations : ["What they expect along the way"];
        if (goal is not null || expectations.Count > 0)
        {
            yaml.AppendLine("scenario:");
            if (goal is not null)
            {
                yaml.AppendLine($"  goal: {Quote(goal)}");
            }

            if (expectations.Count > 0)
            {
                yaml.AppendLine($"  expectations: [{string.Join(", ", expectations.Select(Quote))}]");
            }
        }

        yaml.AppendLine($"phases: [{string.Join(", ", phases.Select(Quote))}]");
        yaml.AppendLine("steps:");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (phase, i) in phases.Select((p, i) => (p, i)))
        {
            yaml.AppendLine($"  - id: {Quote(UniqueId(phase, ids))}");
            yaml.AppendLine($"    phase: {Quote(phase)}");
            yaml.AppendLine($"    title: {Quote("What the customer does in " + phase)}");
            if (i == 0 && examples)
            {
                yaml.AppendLine("    actions: [An action]");
                yaml.AppendLine("    thoughts: [\"A thought, in the customer's words\"]");
                yaml.AppendLine("    emotion: 0            # -2 very negative … 2 very positive");
                yaml.AppendLine("    evidence: Where the emotion comes from (interviews, survey)");
                yaml.AppendLine("    touchpoints: []       # event names that evidence this step");
                yaml.AppendLine("    channel: web");
                yaml.AppendLine("    owner: marketing");
            }

            if (template == Blueprint && !examples)
            {
                yaml.AppendLine("    lanes: {}             # what the customer sees, frontstage, backstage, support");
            }
            else if (template == Blueprint)
            {
                yaml.AppendLine("    lanes: {evidence: What the customer sees, frontstage: Staff or systems they meet, backstage: Work behind the scenes, support: Systems and partners}");
            }
        }

        yaml.AppendLine("pain_points: []");
        yaml.AppendLine("opportunities: []");
        yaml.AppendLine("metrics: [nps]");
        return yaml.ToString();
    }

    /// <summary>An id made from a title: lower case, words joined by '-', only letters and digits kept; unique among <paramref name="taken"/> (which it joins).</summary>
    public static string UniqueId(string title, ISet<string> taken)
    {
        var words = new string([.. title.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ')]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var stem = words.Length == 0 ? "step" : string.Join('-', words);
        stem = stem.Length > 40 ? stem[..40].TrimEnd('-') : stem;
        var id = stem;
        for (var n = 2; !taken.Add(id); n++)
        {
            id = $"{stem}-{n}";
        }

        return id;
    }

    private static Lens LensOf(string template) => template == Blueprint ? Lens.BuiltIn[0] : Lens.BuiltIn.FirstOrDefault(l => l.Name == template)
        ?? throw new ArgumentException($"no template '{template}'; templates: {string.Join(", ", Names)}", nameof(template));

    /// <summary>A YAML double-quoted scalar: backslash, quote and control characters escaped.</summary>
    private static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }
}
