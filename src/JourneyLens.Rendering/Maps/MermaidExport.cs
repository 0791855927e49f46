using System.Text;
using JourneyLens.Maps.Binding;

namespace JourneyLens.Rendering.Maps;

/// <summary>
/// A map as a Mermaid <c>journey</c> diagram: a lossy extra (docs/maps.md). Phases become sections, steps tasks with a
/// score of 1–5 from the emotion (researched, else measured, else 3) and the actor (and the step's owner) as actors.
/// Mermaid has no escaping for its separators, so ':' ';' and '#' in texts are replaced.
/// </summary>
public static class MermaidExport
{
    public static string Render(BoundMap bound)
    {
        var text = new StringBuilder("journey\n");
        text.Append("    title ").Append(Clean(bound.Map.Title)).Append('\n');
        foreach (var phase in bound.Steps.GroupBy(s => s.Phase))
        {
            text.Append("    section ").Append(Clean(phase.Key)).Append('\n');
            foreach (var s in phase)
            {
                var emotion = s.Step.Emotion?.Value ?? s.MeasuredEmotion?.Value ?? 0;
                var actors = new[] { bound.Map.Actor.Name, s.Step.Owner }.Where(a => a is not null).Select(a => Clean(a!).Replace(',', ' '));
                text.Append("      ").Append(Clean(s.Step.Title)).Append(": ").Append((int)Math.Round(emotion + 3)).Append(": ").Append(string.Join(", ", actors)).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Clean(string text) =>
        string.Join(' ', text.Replace(':', '-').Replace(';', ',').Replace("#", "no. ", StringComparison.Ordinal).Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
