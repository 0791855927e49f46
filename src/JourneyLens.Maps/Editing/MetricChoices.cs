using JourneyLens.Maps.Model;

namespace JourneyLens.Maps.Editing;

/// <summary>
/// The metrics an opportunity on a map can be measured by, written out from the map's own steps with a sentence each
/// (so nobody has to learn <c>conversion@A|B&gt;C</c>): the journey's scores, and per step with touchpoints its scores,
/// reach, failed self-service and repeat contact, and the conversion from it into the next step.
/// </summary>
public static class MetricChoices
{
    public static IReadOnlyList<(string Metric, string Text)> Of(JourneyMap map)
    {
        var choices = new List<(string, string)>
        {
            ("nps", "NPS over the whole journey"),
            ("csat", "CSAT over the whole journey"),
            ("ces", "CES (effort) over the whole journey"),
            ("journey-duration", "How long journeys take"),
        };
        var bound = map.Steps.Where(s => s.Touchpoints.Count > 0).ToList();
        foreach (var (step, i) in bound.Select((s, i) => (s, i)))
        {
            var at = string.Join('|', step.Touchpoints);
            choices.Add(($"reach@{at}", $"Share of journeys that reach '{step.Title}'"));
            if (i + 1 < bound.Count)
            {
                choices.Add(($"conversion@{at}>{string.Join('|', bound[i + 1].Touchpoints)}", $"Conversion from '{step.Title}' to '{bound[i + 1].Title}'"));
            }

            foreach (var t in step.Touchpoints)
            {
                choices.Add(($"nps@{t}", $"NPS of the answers about {t} ('{step.Title}')"));
                choices.Add(($"csat@{t}", $"CSAT of the answers about {t}"));
                choices.Add(($"ces@{t}", $"CES of the answers about {t}"));
                choices.Add(($"failed-self-service@{t}", $"Share of {t} followed by an assisted contact"));
                choices.Add(($"repeat-contact@{t}", $"Share of contacts at {t} followed by another"));
            }
        }

        return [.. choices.DistinctBy(c => c.Item1)];
    }
}
