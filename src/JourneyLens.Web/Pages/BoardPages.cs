using System.Globalization;
using System.Xml.Linq;
using JourneyLens.Application.Backends;
using JourneyLens.Application.Saved;
using JourneyLens.Application.Registry;
using JourneyLens.Maps.Binding;
using JourneyLens.Maps.Editing;
using JourneyLens.Maps.Model;
using JourneyLens.Rendering;
using JourneyLens.Storage;
using JourneyLens.Storage.Maps;
using JourneyLens.Web.Api;
using JourneyLens.Web.Hosting;
using JourneyLens.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static JourneyLens.Rendering.Html.HtmlPage;

namespace JourneyLens.Web.Pages;

/// <summary>
/// <c>/opportunities/board</c>: every saved map's opportunities as cards in a column per status (idea, building,
/// measuring, done), each with its owner, map, impact and its metric from baseline to now to target; an admin moves a
/// card with its "Move to" form, which rewrites only the opportunity's status in the map's YAML (comments and order kept).
/// </summary>
public static class BoardPages
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/opportunities/board", Board).RequireAuthorization(Access.Read).ExcludeFromDescription();
        app.MapPost("/opportunities/move", Move).RequireAuthorization(Access.Admin).ExcludeFromDescription().DisableAntiforgery();
        app.MapPost("/opportunities/baseline", SaveBaseline).RequireAuthorization(Access.Admin).ExcludeFromDescription().DisableAntiforgery();
    }

    private static IResult Board(HttpContext context, IBackendProvider backends)
    {
        var analysis = AnalysisRegistry.Find("opportunities")!;
        // The board's own words (what was moved, how the columns go) are not options of the analysis.
        var options = new QueryCollection(context.Request.Query.Where(q => q.Key is not ("moved" or "columns")).ToDictionary(q => q.Key, q => q.Value));
        var columns = context.Request.Query["columns"].ToString() is "owner" or "due" ? context.Request.Query["columns"].ToString() : "status";
        var outcome = Answering.Run(backends, analysis, () => QueryValues.Read(analysis, options, null, backends.Segments));
        if (outcome.Answer?.Result is not IReadOnlyList<OpportunityRow> rows)
        {
            return Layout.Page("Opportunity board", "/opportunities", Layout.Message(outcome.Detail));
        }

        var moved = context.Request.Query["moved"].ToString();
        IEnumerable<XElement> board = columns switch
        {
            // Owners by how much their opportunities are worth; due dates by month, the undated last.
            "owner" => rows.GroupBy(r => r.Opportunity.Owner ?? "no owner").OrderByDescending(g => g.Sum(r => r.Priority)).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => Column(context, "owner", g.Key, g.Key, [.. g])),
            "due" => rows.GroupBy(r => r.Opportunity.Due is { } d ? d.ToString("yyyy-MM", CultureInfo.InvariantCulture) : "no due date").OrderBy(g => g.Key == "no due date").ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => Column(context, "due", g.Key, g.Key == "no due date" ? g.Key : $"due {g.Key}", [.. g])),
            _ => Enum.GetValues<OpportunityStatus>().Select(status => Column(context, "status", Name(status), Title(status), [.. rows.Where(r => r.Opportunity.Status == status)])),
        };
        var query = options.Count == 0 ? "" : "&" + QueryString.Create(options).Value![1..];
        return Layout.Page("Opportunity board", "/opportunities",
            E("p", new XAttribute("class", "meta"), $"The opportunities of every saved map by {columns}, the most valuable first (impact ÷ effort). Columns by ",
                new[] { "status", "owner", "due" }.Select((c, i) => new object[] { i > 0 ? " · " : "", c == columns ? E("strong", c) : E("a", new XAttribute("href", $"/opportunities/board?columns={c}{query}"), c) }),
                " · ", E("a", new XAttribute("href", "/opportunities" + QueryString.Create(options)), "as a table")),
            moved.Length == 0 ? null : Layout.Message(moved, alert: false),
            rows.Count == 0 ? Layout.Message("No map has opportunities yet: add them to a map (Journey maps → edit).", alert: false) : null,
            E("div", new XAttribute("class", "board"), board));
    }

    private static XElement Column(HttpContext context, string by, string key, string title, IReadOnlyList<OpportunityRow> rows) =>
        E("section", new XAttribute("class", "board-column"), new XAttribute($"data-{by}", key), new XAttribute("aria-label", $"{title}: {rows.Count}"),
            E("h2", $"{title} ({rows.Count})"),
            rows.Select(r => Card(context, r)));

    private static XElement Card(HttpContext context, OpportunityRow row)
    {
        var o = row.Opportunity;
        // The board says what is missing in its own words; the command-line advice in the row's problem is for the CLI.
        var missing = o.Baseline is null ? "no baseline yet" : $"baseline '{o.Baseline}' not measured yet";
        var figure = row.Now is { } now
            ? $"{o.Metric}: {(row.Baseline is { } b ? Format.Metric(now, b) : missing)} → {Format.Metric(now, now.Value)} now" + (o.Target is { } t ? $" → {Format.Metric(now, t)} target" : "")
            : o.Metric is null ? "no metric to follow" : $"{o.Metric}: {row.Problem}";
        var progress = row.Progress is { } p ? Math.Clamp(p, 0, 1) : (double?)null;
        return E("article", new XAttribute("class", "board-card"), new XAttribute("data-map", row.Map), new XAttribute("data-opportunity", o.Id),
            E("h3", o.Title),
            E("p", new XAttribute("class", "meta"),
                E("a", new XAttribute("href", $"/maps/{Uri.EscapeDataString(row.Map)}"), row.Map), " · ", o.Owner is null ? "no owner" : $"owner: {o.Owner}",
                $" · impact {row.Impact:N0} · effort {row.Effort}",
                o.Due is { } due ? $" · due {due:yyyy-MM-dd}" : null, o.Done is { } done ? $" · done {done:yyyy-MM-dd}" : null),
            E("p", figure),
            row.AtStake.Count == 0 ? null : E("div", new XAttribute("class", "at-stake"), E("strong", "At stake, from the data"), E("ul", row.AtStake.Take(4).Select(s => E("li", s)))),
            progress is null ? null : E("div", new XAttribute("class", "progress"),
                E("progress", new XAttribute("max", "100"), new XAttribute("value", ((int)Math.Round(progress.Value * 100)).ToString(CultureInfo.InvariantCulture)),
                    new XAttribute("aria-label", $"progress to target of {o.Title}")),
                E("span", string.Create(CultureInfo.InvariantCulture, $" {(int)Math.Round(row.Progress!.Value * 100)}% of the way to the target"))),
            NeedsBaseline(row) ? E("form", new XAttribute("method", "post"), new XAttribute("action", "/opportunities/baseline"), new XAttribute("class", "move"),
                Layout.Antiforgery(context), Hidden("map", row.Map), Hidden("id", o.Id),
                E("button", new XAttribute("type", "submit"), o.Baseline is null ? "Measure the baseline now" : $"Measure the baseline now as '{o.Baseline}'")) : null,
            E("form", new XAttribute("method", "post"), new XAttribute("action", "/opportunities/move"), new XAttribute("class", "move"),
                Layout.Antiforgery(context),
                Hidden("map", row.Map), Hidden("id", o.Id),
                E("label", new XAttribute("for", $"move-{row.Map}-{o.Id}"), "Move to "),
                E("select", new XAttribute("name", "status"), new XAttribute("id", $"move-{row.Map}-{o.Id}"),
                    Enum.GetValues<OpportunityStatus>().Select(s => E("option", new XAttribute("value", Name(s)), s == o.Status ? new XAttribute("selected", "selected") : null, Title(s)))),
                E("button", new XAttribute("type", "submit"), "Move")));
    }

    /// <summary>Rewrites the opportunity's status in its map (the editor keeps the rest of the text as it is), after validating the map.</summary>
    private static async Task<IResult> Move(HttpContext context, WebSettings settings)
    {
        if (await FormPost.ReadAsync(context, settings.MaxFormBytes) is not { } form)
        {
            return FormPost.TooLarge(settings.MaxFormBytes);
        }

        var (mapId, id, status) = (form["map"].ToString(), form["id"].ToString(), form["status"].ToString());
        if (!Enum.GetValues<OpportunityStatus>().Any(s => Name(s) == status))
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "Bad status", $"'{status}' is not a status: idea, building, measuring or done.");
        }

        using var workspace = Workspace.Open(settings.Workspace, create: false, settings.Clock);
        if (MapStore.Find(workspace, mapId) is not { } stored || MapItemEditor.Values(stored.Yaml, ItemKind.Opportunity, id) is not { } values)
        {
            return Problems.Of(StatusCodes.Status404NotFound, "Not found", $"There is no opportunity '{id}' in a saved map '{mapId}'.");
        }

        // Done on the day it is moved there (kept when it was done already); moved out of done, it is not done any more.
        var wasDone = values["status"] == "done";
        values["done"] = status != "done" ? "" : wasDone && values["done"].Length > 0 ? values["done"]
            : DateOnly.FromDateTime(settings.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        values["status"] = status;
        string yaml;
        try
        {
            yaml = MapItemEditor.Replace(stored.Yaml, ItemKind.Opportunity, id, values);
        }
        catch (MapEditException e)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "Cannot move it here", e.Message);
        }

        var (_, problems) = MapPages.Validate(context, workspace, yaml, mapId);
        if (problems.Count > 0)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "Cannot move it here", string.Join("; ", problems.Select(p => $"{p.Field}: {p.Message}")));
        }

        MapStore.Save(workspace, mapId, yaml);
        return Results.Redirect($"/opportunities/board?moved={Uri.EscapeDataString($"'{values["title"]}' moved to {status}.")}");
    }

    /// <summary>An opportunity whose baseline names a measurement not taken yet: the board offers to take it.</summary>
    private static bool NeedsBaseline(OpportunityRow row) =>
        row.Baseline is null && row.Now is not null && row.Opportunity is { Metric: not null, Baseline: var name } && (name is null || !double.TryParse(name, NumberStyles.Float, CultureInfo.InvariantCulture, out _));

    /// <summary>
    /// Takes the measurement an opportunity's baseline names — its metric over the whole data, now — as
    /// <c>journeylens measure save NAME --metric METRIC</c> would, so progress is measured from today.
    /// </summary>
    private static async Task<IResult> SaveBaseline(HttpContext context, WebSettings settings, IBackendProvider backends)
    {
        if (await FormPost.ReadAsync(context, settings.MaxFormBytes) is not { } form)
        {
            return FormPost.TooLarge(settings.MaxFormBytes);
        }

        var (mapId, id) = (form["map"].ToString(), form["id"].ToString());
        using var workspace = Workspace.Open(settings.Workspace, create: false, settings.Clock);
        var stored = MapStore.Find(workspace, mapId);
        var map = stored is null ? null : Maps.Yaml.MapReader.Read(stored.Yaml, mapId);
        var opportunity = map?.Opportunities.FirstOrDefault(o => o.Id == id);
        if (stored is null || map is null || opportunity is not { Metric: { } metric })
        {
            return Problems.Of(StatusCodes.Status404NotFound, "Not found", $"There is no opportunity '{id}' with a metric in a saved map '{mapId}'.");
        }

        // Without a baseline yet, it gets a name of its own, written into the map with the measurement.
        var name = opportunity.Baseline ?? FreeName(workspace, $"{mapId}-{id}-baseline");
        if (Storage.Measurements.MeasurementStore.Find(workspace, name) is { } taken)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "Already measured", $"The measurement '{name}' was taken on {taken.Taken:yyyy-MM-dd HH:mm} UTC; measurement names are unique.");
        }

        if (opportunity.Baseline is null)
        {
            var fields = MapItemEditor.Values(stored.Yaml, ItemKind.Opportunity, id)!;
            fields["baseline"] = name;
            var yaml = MapItemEditor.Replace(stored.Yaml, ItemKind.Opportunity, id, fields);
            if (MapPages.Validate(context, workspace, yaml, mapId).Problems is { Count: > 0 } problems)
            {
                return Problems.Of(StatusCodes.Status400BadRequest, "Cannot name the baseline", string.Join("; ", problems.Select(p => $"{p.Field}: {p.Message}")));
            }

            MapStore.Save(workspace, mapId, yaml);
        }

        // A map about a persona measures its persons, as its progress is measured now.
        Application.Scopes.Filter? segment = null;
        if (map.Actor.Persona is { } personaName && backends.Segments.Personas.Find(personaName) is { } persona)
        {
            try
            {
                segment = SavedSegments.Resolve(persona.Segment, backends.Segments, "segment");
            }
            catch (Core.Errors.UserErrorException e)
            {
                return Problems.Of(StatusCodes.Status400BadRequest, "Persona without a segment", $"persona '{personaName}': {e.Message}");
            }
        }

        IReadOnlyList<Core.Experience.MetricValue> values;
        using (var backend = backends.Open())
        {
            values = backend.Answer(new Application.Analyses.MeasureQuery(Selection.Of(Application.Scopes.Scope.All with { Segment = segment }), [metric]));
        }

        Storage.Measurements.MeasurementStore.Save(workspace, new Storage.Measurements.Measurement(name, settings.Clock.GetUtcNow(),
            new Storage.Measurements.MeasurementDefinition([metric], null, null, null, segment?.Text, null), values));
        return Results.Redirect($"/opportunities/board?moved={Uri.EscapeDataString($"Baseline '{name}' measured for '{opportunity.Title}': progress is measured from it now.")}");
    }

    /// <summary>A measurement name not taken yet: the wished one, else with a number after it.</summary>
    private static string FreeName(Workspace workspace, string wished)
    {
        var name = wished.Length > 150 ? wished[..150] : wished;
        for (var n = 2; Storage.Measurements.MeasurementStore.Find(workspace, name) is not null; n++)
        {
            name = $"{wished}-{n}";
        }

        return name;
    }

    private static XElement Hidden(string name, string value) =>
        E("input", new XAttribute("type", "hidden"), new XAttribute("name", name), new XAttribute("value", value));

    private static string Name(OpportunityStatus status) => status.ToString().ToLowerInvariant();

    private static string Title(OpportunityStatus status) => status switch
    {
        OpportunityStatus.Idea => "Idea",
        OpportunityStatus.Building => "Building",
        OpportunityStatus.Measuring => "Measuring",
        _ => "Done",
    };
}
