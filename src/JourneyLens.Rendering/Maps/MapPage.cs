using System.Globalization;
using System.Xml.Linq;
using JourneyLens.Maps.Binding;
using static JourneyLens.Rendering.Html.HtmlPage;

namespace JourneyLens.Rendering.Maps;

/// <summary>A journey map as one standalone HTML page: the map, and beside it the map it is compared with; its pain points and opportunities.</summary>
public static class MapPage
{
    /// <param name="made">When the page was made, for its footer.</param>
    public static string Render(BoundMap map, DateTimeOffset made, BoundMap? compareWith = null) =>
        Document($"Journey map: {map.Map.Title}", made, Body(map, compareWith).ToArray());

    /// <summary>The page's content, also a section of the report.</summary>
    public static IEnumerable<XElement> Body(BoundMap map, BoundMap? compareWith = null, string heading = "h1")
    {
        yield return E(heading, map.Map.Title);
        yield return E("p", new XAttribute("class", "meta"), $"{map.Map.Actor.Name}{(map.Map.Scenario.Goal is { } g ? $" — {g}" : "")}");
        if (compareWith is null)
        {
            yield return E("section", new XAttribute("class", "map"), ScrollBox("Journey map", MapChart.Element(map)));
        }
        else
        {
            yield return E("div", new XAttribute("class", "compare"),
                Panel(compareWith, $"{compareWith.Map.State.ToString().ToLowerInvariant()} state: {compareWith.Map.Title}"),
                Panel(map, $"{map.Map.State.ToString().ToLowerInvariant()} state: {map.Map.Title}"));
        }

        yield return E("h2", "Pain points by impact (customers affected × severity)");
        yield return map.Pains.Count == 0 ? Note("No pain points.") : Table(["source", "step", "kind", "pain point", "customers", "severity", "impact", "evidence"],
            map.Pains.Select(p => (IReadOnlyList<string>)[p.Source, p.Step, p.Kind, p.Title, N(p.CustomersAffected), N(p.Severity), N(p.Impact), p.Evidence]), new HashSet<int> { 4, 5, 6 });
        yield return E("h2", "Opportunities");
        yield return map.Map.Opportunities.Count == 0 ? Note("No opportunities in this map.") : Table(["opportunity", "steps", "status", "owner", "drivers", "metric", "baseline", "target", "effort"],
            map.Map.Opportunities.Select(o => (IReadOnlyList<string>)[o.Title, string.Join(", ", o.Steps), o.Status.ToString().ToLowerInvariant(), o.Owner ?? "", string.Join(", ", o.Drivers),
                o.Metric ?? "", o.Baseline ?? "", o.Target?.ToString(CultureInfo.InvariantCulture) ?? "", o.Effort?.ToString(CultureInfo.InvariantCulture) ?? ""]));
        foreach (var note in map.Notes)
        {
            yield return Note(note);
        }
    }

    private static XElement Panel(BoundMap map, string title) =>
        E("section", new XAttribute("class", "map"), E("h2", title), ScrollBox("Journey map", MapChart.Element(map)));

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
