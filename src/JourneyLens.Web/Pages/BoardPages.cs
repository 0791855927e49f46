using System.Globalization;
using System.Xml.Linq;
using JourneyLens.Application.Backends;
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
        // The board's own word ("moved") is not an option of the analysis.
        var options = new QueryCollection(context.Request.Query.Where(q => q.Key != "moved").ToDictionary(q => q.Key, q => q.Value));
        var outcome = Answering.Run(backends, analysis, () => QueryValues.Read(analysis, options, null, backends.Segments));
        if (outcome.Answer?.Result is not IReadOnlyList<OpportunityRow> rows)
        {
            return Layout.Page("Opportunity board", "/opportunities", Layout.Message(outcome.Detail));
        }

        var moved = context.Request.Query["moved"].ToString();
        return Layout.Page("Opportunity board", "/opportunities",
            E("p", new XAttribute("class", "meta"), "The opportunities of every saved map by status, the most valuable first (impact ÷ effort). ",
                E("a", new XAttribute("href", "/opportunities" + context.Request.QueryString), "as a table")),
            moved.Length == 0 ? null : Layout.Message(moved, alert: false),
            rows.Count == 0 ? Layout.Message("No map has opportunities yet: add them to a map (Journey maps → edit).", alert: false) : null,
            E("div", new XAttribute("class", "board"),
                Enum.GetValues<OpportunityStatus>().Select(status => Column(context, status, rows.Where(r => r.Opportunity.Status == status).ToList()))));
    }

    private static XElement Column(HttpContext context, OpportunityStatus status, IReadOnlyList<OpportunityRow> rows) =>
        E("section", new XAttribute("class", "board-column"), new XAttribute("data-status", Name(status)), new XAttribute("aria-label", $"{Name(status)}: {rows.Count}"),
            E("h2", $"{Title(status)} ({rows.Count})"),
            rows.Select(r => Card(context, r)));

    private static XElement Card(HttpContext context, OpportunityRow row)
    {
        var o = row.Opportunity;
        var figure = row.Now is { } now
            ? $"{o.Metric}: {(row.Baseline is { } b ? Format.Metric(now, b) : $"no baseline ({row.Problem ?? "none given"})")} → {Format.Metric(now, now.Value)} now" + (o.Target is { } t ? $" → {Format.Metric(now, t)} target" : "")
            : o.Metric is null ? "no metric to follow" : $"{o.Metric}: {row.Problem}";
        var progress = row.Progress is { } p ? Math.Clamp(p, 0, 1) : (double?)null;
        return E("article", new XAttribute("class", "board-card"), new XAttribute("data-map", row.Map), new XAttribute("data-opportunity", o.Id),
            E("h3", o.Title),
            E("p", new XAttribute("class", "meta"),
                E("a", new XAttribute("href", $"/maps/{Uri.EscapeDataString(row.Map)}"), row.Map), " · ", o.Owner is null ? "no owner" : $"owner: {o.Owner}",
                $" · impact {row.Impact:N0} · effort {row.Effort}"),
            E("p", figure),
            progress is null ? null : E("div", new XAttribute("class", "progress"),
                E("progress", new XAttribute("max", "100"), new XAttribute("value", ((int)Math.Round(progress.Value * 100)).ToString(CultureInfo.InvariantCulture)),
                    new XAttribute("aria-label", $"progress to target of {o.Title}")),
                E("span", string.Create(CultureInfo.InvariantCulture, $" {(int)Math.Round(row.Progress!.Value * 100)}% of the way to the target"))),
            NeedsBaseline(row) ? E("form", new XAttribute("method", "post"), new XAttribute("action", "/opportunities/baseline"), new XAttribute("class", "move"),
                Layout.Antiforgery(context), Hidden("map", row.Map), Hidden("id", o.Id),
                E("button", new XAttribute("type", "submit"), $"Measure the baseline now as '{o.Baseline}'")) : null,
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
        row.Baseline is null && row.Opportunity is { Metric: not null, Baseline: { } name } && !double.TryParse(name, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

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
        var opportunity = MapStore.Find(workspace, mapId) is { } stored ? Maps.Yaml.MapReader.Read(stored.Yaml, mapId).Opportunities.FirstOrDefault(o => o.Id == id) : null;
        if (opportunity is not { Metric: { } metric, Baseline: { } name })
        {
            return Problems.Of(StatusCodes.Status404NotFound, "Not found", $"There is no opportunity '{id}' with a metric and a named baseline in a saved map '{mapId}'.");
        }

        if (Storage.Measurements.MeasurementStore.Find(workspace, name) is { } taken)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "Already measured", $"The measurement '{name}' was taken on {taken.Taken:yyyy-MM-dd HH:mm} UTC; measurement names are unique.");
        }

        IReadOnlyList<Core.Experience.MetricValue> values;
        using (var backend = backends.Open())
        {
            values = backend.Answer(new Application.Analyses.MeasureQuery(Selection.Of(Application.Scopes.Scope.All), [metric]));
        }

        Storage.Measurements.MeasurementStore.Save(workspace, new Storage.Measurements.Measurement(name, settings.Clock.GetUtcNow(),
            new Storage.Measurements.MeasurementDefinition([metric], null, null, null, null, null), values));
        return Results.Redirect($"/opportunities/board?moved={Uri.EscapeDataString($"Baseline '{name}' measured for '{opportunity.Title}': progress is measured from it now.")}");
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
