using System.Text;
using JourneyLens.Core.Catalogue;

namespace JourneyLens.Maps.Templates;

/// <summary>
/// Starting maps for `journeylens map new --template NAME`: one per lens (its phases, a step in each with every
/// field shown once) and a service blueprint (lanes filled in). The text is YAML to edit, valid as it stands.
/// </summary>
public static class MapTemplates
{
    public const string Blueprint = "blueprint";

    /// <summary>Phases for the activity lens, whose activities belong to each journey: a neutral set to rename.</summary>
    private static readonly string[] Activities = ["discover", "choose", "buy", "use", "get help", "look back"];

    public static IReadOnlyList<string> Names => [.. Lens.BuiltIn.Select(l => l.Name), Blueprint];

    public static string Yaml(string template, string id)
    {
        var lens = template == Blueprint ? Lens.BuiltIn[0] : Lens.BuiltIn.FirstOrDefault(l => l.Name == template)
            ?? throw new ArgumentException($"no template '{template}'; templates: {string.Join(", ", Names)}", nameof(template));
        var phases = lens.Phases.Count > 0 ? lens.Phases : Activities;
        var yaml = new StringBuilder();
        yaml.AppendLine($"# A journey map (docs/maps.md). Template: {template}. Bind steps to touchpoints (event names) to see live figures.");
        yaml.AppendLine($"id: {id}");
        yaml.AppendLine($"title: {Quote(id)}");
        yaml.AppendLine("state: current");
        yaml.AppendLine($"lens: {lens.Name}");
        yaml.AppendLine("actor:");
        yaml.AppendLine("  name: Customer");
        yaml.AppendLine("  description: Who this map is about (one actor, one point of view).");
        yaml.AppendLine("scenario:");
        yaml.AppendLine("  goal: What the customer wants to achieve.");
        yaml.AppendLine("  expectations: [What they expect along the way]");
        yaml.AppendLine($"phases: [{string.Join(", ", phases)}]");
        yaml.AppendLine("steps:");
        foreach (var (phase, i) in phases.Select((p, i) => (p, i)))
        {
            yaml.AppendLine($"  - id: {Slug(phase)}");
            yaml.AppendLine($"    phase: {phase}");
            yaml.AppendLine($"    title: {Quote("What the customer does in " + phase)}");
            if (i == 0)
            {
                yaml.AppendLine("    actions: [An action]");
                yaml.AppendLine("    thoughts: [\"A thought, in the customer's words\"]");
                yaml.AppendLine("    emotion: 0            # -2 very negative … 2 very positive");
                yaml.AppendLine("    evidence: Where the emotion comes from (interviews, survey)");
                yaml.AppendLine("    touchpoints: []       # event names that evidence this step");
                yaml.AppendLine("    channel: web");
                yaml.AppendLine("    owner: marketing");
            }

            if (template == Blueprint)
            {
                yaml.AppendLine("    lanes: {evidence: What the customer sees, frontstage: Staff or systems they meet, backstage: Work behind the scenes, support: Systems and partners}");
            }
        }

        yaml.AppendLine("pain_points: []");
        yaml.AppendLine("opportunities: []");
        yaml.AppendLine("metrics: [nps]");
        return yaml.ToString();
    }

    private static string Slug(string text) => string.Join('-', text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static string Quote(string text) => $"\"{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
}
