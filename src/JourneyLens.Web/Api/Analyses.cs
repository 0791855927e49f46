namespace JourneyLens.Web.Api;

/// <summary>
/// One analysis of the command line offered over HTTP: <c>GET /api/{Slug}</c> and the page <c>/{Slug}</c> run
/// <c>journeylens {Command}</c> with the query as its options. <see cref="Argument"/> names a route value that
/// becomes the command's argument (a person, a map).
/// </summary>
public sealed record Analysis(string Slug, string[] Command, string Title, string Summary, string? Argument = null, bool NeedsInput = false)
{
    public string Route => Argument is null ? $"/api/{Slug}" : $"/api/{Slug}/{{{Argument}}}";
}

public static class Analyses
{
    public static readonly IReadOnlyList<Analysis> All =
    [
        new("stats", ["stats"], "Overview", "Persons, journeys, events, channels, touchpoints and the date range"),
        new("paths", ["paths"], "Paths", "The most common paths (from a start, or leading to an end such as a phone call) and the Sankey of the first steps"),
        new("funnel", ["funnel"], "Funnel", "Conversion through ordered steps within a time window, drop-off per step and who dropped", NeedsInput: true),
        new("process-map", ["process-map"], "Process map", "The directly-follows graph with frequencies and durations"),
        new("variants", ["variants"], "Variants", "The most common whole journeys"),
        new("scores", ["scores"], "Scores", "NPS, CSAT and CES per touchpoint or phase with 95 % intervals"),
        new("lowpoints", ["lowpoints"], "Low points", "Where the experience is significantly worse than the rest"),
        new("switching", ["switching"], "Channel switching", "Switches between channels, failed self-service and repeat contact"),
        new("attribution", ["attribution"], "Decisive touchpoints", "Decisive, neutral and unnecessary touchpoints for a goal (exact Markov chain removal effect)", NeedsInput: true),
        new("handoffs", ["handoffs"], "Hand-offs", "Hand-offs between departments: loss, delay and score change"),
        new("consistency", ["consistency"], "Consistency", "The same task across channels: completion, time and score", NeedsInput: true),
        new("compare", ["compare"], "Compare", "Before and after: a metric in two periods or segments with an honest test", NeedsInput: true),
        new("painpoints", ["painpoints"], "Pain points", "Pain points found in the data, ranked by customers affected × severity"),
        new("opportunities", ["opportunities"], "Opportunities", "The opportunity board: impact, effort, baseline, progress"),
        new("measurements", ["measure", "list"], "Measurements", "Saved baseline measurements"),
        new("maps", ["map", "list"], "Journey maps", "The journey maps saved in the workspace"),
        new("map-bind", ["map", "bind"], "Map bound to data", "A saved journey map with per-step reach, drop-off, waits, scores and emotion", Argument: "map"),
        new("person", ["person"], "Person", "One person's identifiers, why they were merged, and their journeys", Argument: "person"),
    ];

    public static Analysis? Find(string slug) => All.FirstOrDefault(a => a.Slug == slug);
}
