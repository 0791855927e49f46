using JourneyLens.Core.Catalogue;
using JourneyLens.Core.Engine;
using JourneyLens.Maps.Model;

namespace JourneyLens.Maps.Validation;

/// <summary>
/// What a well-read map must also satisfy: unique ids; steps in phases the map (or its lens) has; pain points and
/// opportunities pointing at steps and pain points that exist; a future map naming the map it improves; and, given the
/// workspace's touchpoints, every bound touchpoint existing (with "did you mean" for near misses).
/// </summary>
public static class MapValidator
{
    /// <param name="touchpoints">The workspace's touchpoint names; null when no workspace is at hand (bindings not checked).</param>
    /// <summary>Every problem of the map text: those that stop it being read, else those of validation (null touchpoints: bindings not checked).</summary>
    public static (JourneyMap? Map, IReadOnlyList<MapProblem> Problems) Check(string yaml, string file, TouchpointCatalogue catalogue, IReadOnlyCollection<string>? touchpoints)
    {
        try
        {
            var map = Yaml.MapReader.Read(yaml, file);
            return (map, Validate(map, file, catalogue, touchpoints));
        }
        catch (MapException e)
        {
            return (null, e.Problems);
        }
    }

    public static IReadOnlyList<MapProblem> Validate(JourneyMap map, string file, TouchpointCatalogue catalogue, IReadOnlyCollection<string>? touchpoints)
    {
        var problems = new List<MapProblem>();
        void Problem(Position at, string field, string message) => problems.Add(new MapProblem(file, at, field, message));
        var first = map.Steps.FirstOrDefault()?.At ?? new Position(1, 1);

        Lens? lens = catalogue.Lenses.FirstOrDefault(l => l.Name == map.Lens);
        if (lens is null)
        {
            Problem(first, "lens", $"no lens '{map.Lens}'; lenses: {string.Join(", ", catalogue.Lenses.Select(l => l.Name))}");
        }

        var phases = PhasesOf(map, catalogue);
        if (phases.Count == 0)
        {
            Problem(first, "phases", $"the map names no phases and lens '{map.Lens}' has none: list them under 'phases'");
        }

        foreach (var duplicate in map.Steps.GroupBy(s => s.Id).Where(g => g.Count() > 1))
        {
            Problem(duplicate.Skip(1).First().At, "id", $"step id '{duplicate.Key}' is used {duplicate.Count()} times; ids must be unique");
        }

        var stepIds = map.Steps.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var known = touchpoints?.ToHashSet(StringComparer.Ordinal);
        foreach (var step in map.Steps)
        {
            if (phases.Count > 0 && !phases.Contains(step.Phase))
            {
                Problem(step.At, "phase", $"step '{step.Id}': no phase '{step.Phase}' in this map{Suggest(step.Phase, phases)}; phases: {string.Join(", ", phases)}");
            }

            for (var i = 0; i < step.Touchpoints.Count; i++)
            {
                var touchpoint = step.Touchpoints[i];
                if (known is not null && !known.Contains(touchpoint))
                {
                    Problem(i < step.TouchpointsAt.Count ? step.TouchpointsAt[i] : step.At, "touchpoints", $"step '{step.Id}': no touchpoint '{touchpoint}' in the workspace{Suggest(touchpoint, known)}");
                }
            }
        }

        var painIds = map.PainPoints.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var pain in map.PainPoints.Where(p => !stepIds.Contains(p.Step)))
        {
            Problem(pain.At, "step", $"pain point '{pain.Id}': no step '{pain.Step}'{Suggest(pain.Step, stepIds)}");
        }

        foreach (var opportunity in map.Opportunities)
        {
            foreach (var step in opportunity.Steps.Where(s => !stepIds.Contains(s)))
            {
                Problem(opportunity.At, "steps", $"opportunity '{opportunity.Id}': no step '{step}'{Suggest(step, stepIds)}");
            }

            foreach (var pain in opportunity.PainPoints.Where(p => !painIds.Contains(p)))
            {
                Problem(opportunity.At, "pain_points", $"opportunity '{opportunity.Id}': no pain point '{pain}'{Suggest(pain, painIds)}");
            }
        }

        foreach (var duplicate in map.PainPoints.Select(p => (p.Id, p.At)).Concat(map.Opportunities.Select(o => (o.Id, o.At))).GroupBy(x => x.Id).Where(g => g.Count() > 1))
        {
            Problem(duplicate.Skip(1).First().At, "id", $"id '{duplicate.Key}' is used {duplicate.Count()} times among pain points and opportunities");
        }

        if (map.State == MapState.Future && map.CompareTo is null)
        {
            Problem(first, "compare_to", "a future-state map names the current-state map it improves in 'compare_to'");
        }

        return problems;
    }

    /// <summary>The map's own phases, else those of its lens.</summary>
    public static IReadOnlyList<string> PhasesOf(JourneyMap map, TouchpointCatalogue catalogue) =>
        map.Phases.Count > 0 ? map.Phases : catalogue.Lenses.FirstOrDefault(l => l.Name == map.Lens)?.Phases ?? [];

    private static string Suggest(string name, IEnumerable<string> candidates) => TouchpointLookup.Suggest(name, candidates);
}
