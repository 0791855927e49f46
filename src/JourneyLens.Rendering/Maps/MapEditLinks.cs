using System.Xml.Linq;
using JourneyLens.Maps.Binding;

namespace JourneyLens.Rendering.Maps;

/// <summary>
/// Makes a drawn map its own editor: the header opens the map's header form, a phase adds a step to it, a step's cells
/// open the step, its pain-point and opportunity cells add one there. Links, so they are reached with Tab and work
/// without a script; each says in words what it does (its title, shown on hover).
/// </summary>
public static class MapEditLinks
{
    /// <param name="mapPath">The map's page, e.g. /maps/airline; the forms are under it.</param>
    public static string Render(BoundMap bound, string mapPath)
    {
        var svg = MapChart.Element(bound);
        var titles = bound.Map.Steps.ToDictionary(s => s.Id, s => s.Title, StringComparer.Ordinal);
        string Item(string query) => $"{mapPath}/item?{query}";
        foreach (var g in svg.Descendants(Svg.Ns + "g").ToList())
        {
            var css = (string?)g.Attribute("class") ?? "";
            var (href, label) = css switch
            {
                "header" => ($"{mapPath}/about", "Edit the map's title, actor, persona, goal and phases"),
                "phase" when (string?)g.Attribute("data-phase") is { } phase => (Item($"list=steps&phase={Uri.EscapeDataString(phase)}"), $"Add a step to phase {phase}"),
                _ when css.StartsWith("cell", StringComparison.Ordinal) && (string?)g.Attribute("data-step") is { } step => (string?)g.Attribute("data-lane") switch
                {
                    "Pain points" => (Item($"list=pain_points&step={Uri.EscapeDataString(step)}"), $"Add a pain point at step {titles.GetValueOrDefault(step, step)}"),
                    "Opportunities" => (Item($"list=opportunities&step={Uri.EscapeDataString(step)}"), $"Add an opportunity for step {titles.GetValueOrDefault(step, step)}"),
                    var lane => (Item($"list=steps&item={Uri.EscapeDataString(step)}"), $"Edit step {titles.GetValueOrDefault(step, step)} ({lane?.ToLowerInvariant()})"),
                },
                _ => ((string?)null, ""),
            };
            if (href is null)
            {
                continue;
            }

            // Named by its title (what it does), not aria-label: a label would hide the text the link shows.
            var link = new XElement(Svg.Ns + "a", new XAttribute("href", href), new XAttribute("class", "edit-link"), new XElement(Svg.Ns + "title", label));
            g.ReplaceWith(link);
            link.Add(g);
        }

        return Svg.Write(svg);
    }
}
