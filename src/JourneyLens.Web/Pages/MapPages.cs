using System.Xml.Linq;
using JourneyLens.Application.Analyses;
using JourneyLens.Application.Backends;
using JourneyLens.Application.Parameters;
using JourneyLens.Maps.Binding;
using JourneyLens.Maps.Model;
using JourneyLens.Maps.Templates;
using JourneyLens.Maps.Validation;
using JourneyLens.Rendering.Maps;
using JourneyLens.Rendering.Tables;
using JourneyLens.Storage;
using JourneyLens.Storage.Catalogue;
using JourneyLens.Storage.Engine;
using JourneyLens.Storage.Maps;
using JourneyLens.Web.Api;
using JourneyLens.Web.Hosting;
using JourneyLens.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static JourneyLens.Rendering.Html.HtmlPage;
using JourneyLens.Core.Errors;

namespace JourneyLens.Web.Pages;

/// <summary>
/// Journey maps: the list, a map bound to live data (emotion line, figures, pain points; lens, segment and dates
/// to choose), and the YAML editor with every problem shown at its line and a preview drawn again on each check.
/// </summary>
public static class MapPages
{
    public static void Map(IEndpointRouteBuilder app, WebSettings settings)
    {
        app.MapGet("/maps", (IBackendProvider backends) => List(backends)).RequireAuthorization(Access.Read).ExcludeFromDescription();
        app.MapGet("/maps/{id}", (HttpContext context, string id, IBackendProvider backends) => View(context, settings, backends, id)).RequireAuthorization(Access.Read).ExcludeFromDescription();
        app.MapGet("/maps/new/yaml", (HttpContext context, string? template, string? id) =>
        {
            var name = template is not null && MapTemplates.Names.Contains(template) ? template : "lifecycle";
            var mapId = id is { Length: > 0 and <= 100 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? id : "my-journey";
            return Editor(context, settings, MapTemplates.Yaml(name, mapId), null, null);
        }).RequireAuthorization(Access.Admin).ExcludeFromDescription();
        app.MapGet("/maps/{id}/edit", (HttpContext context, string id) =>
        {
            var stored = Stored(settings, id);
            return stored is null ? NotFound(id) : Editor(context, settings, stored.Yaml, id, null);
        }).RequireAuthorization(Access.Admin).ExcludeFromDescription();
        app.MapPost("/maps/edit", (HttpContext context, WebSettings s) => Check(context, s)).RequireAuthorization(Access.Admin).ExcludeFromDescription().DisableAntiforgery();
    }

    internal static StoredMap? Stored(WebSettings settings, string id)
    {
        if (!Workspace.Exists(settings.Workspace))
        {
            return null;
        }

        using var workspace = Workspace.Open(settings.Workspace, create: false, settings.Clock);
        return MapStore.Find(workspace, id);
    }

    private static IResult NotFound(string id) =>
        Results.Content(Layout.Render("Journey map", "/maps", Layout.Message($"There is no saved map '{id}'."), E("a", new XAttribute("href", "/maps"), "All maps")), "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);

    private static IResult List(IBackendProvider backends)
    {
        IReadOnlyList<MapSummary> maps = [];
        string? refused = null;
        if (backends.HasData)
        {
            using var backend = backends.Open();
            try
            {
                maps = backend.Answer(new MapListQuery());
            }
            catch (NotAnsweredException e)
            {
                refused = $"Journey maps are not kept in this workspace yet ({e.Message}): keep them in an embedded workspace for now.";
            }
        }

        // Where maps cannot be kept, nothing offers to start one.
        var newMap = refused is not null
            ? E("p", new XAttribute("class", "map-tools"), E("a", new XAttribute("href", "/personas"), "Personas"))
            : E("p", new XAttribute("class", "map-tools"),
                E("a", new XAttribute("class", "button"), new XAttribute("href", "/maps/new"), "Start a new map"),
                E("a", new XAttribute("href", "/personas"), "Personas"),
                E("a", new XAttribute("href", "/maps/new/yaml"), "Write a map in YAML"));
        var list = refused is not null ? Layout.Message(refused)
            : maps.Count == 0
            ? Layout.Message("No maps saved yet: start one from a template, or save one with journeylens map save FILE.", alert: false)
            : E("ul", new XAttribute("class", "maps"), maps.Select(m => E("li",
                E("a", new XAttribute("href", $"/maps/{Uri.EscapeDataString(m.Id)}"), m.Title),
                $" · {m.State} · {m.Steps} steps{(m.Persona is { } p ? $" · persona {p}" : "")} · saved {m.Updated:yyyy-MM-dd HH:mm} UTC · ",
                E("a", new XAttribute("href", $"/maps/{Uri.EscapeDataString(m.Id)}/edit"), "YAML"))));
        return Layout.Page("Journey maps", "/maps", newMap, list);
    }

    private static IResult View(HttpContext context, WebSettings settings, IBackendProvider backends, string id)
    {
        if (Stored(settings, id) is not { } stored)
        {
            return NotFound(id);
        }

        var query = context.Request.Query;
        var bind = MapAnalyses.Bind;
        var personas = backends.Segments.Personas.All();
        var personaChoices = new Dictionary<string, IReadOnlyList<(string, string)>> { ["personas"] = [.. personas.Select(p => (p.Name, p.Shown))] };
        // What the page says after an edit (created, saved, deleted) is not an option of the binding.
        var options = new QueryCollection(query.Where(q => q.Key is not ("created" or "saved" or "deleted")).ToDictionary(q => q.Key, q => q.Value));
        var outcome = Answering.Run(backends, bind, () => QueryValues.Read(bind, options, id, backends.Segments));
        var admin = Access.IsAdmin(context);
        var path = $"/maps/{Uri.EscapeDataString(id)}";
        var done = query["created"].Count > 0 ? "Map created. Click a step, a phase or a lane on the map to fill it in."
            : query["saved"] is { Count: > 0 } saved ? $"Saved {saved}." : query["deleted"] is { Count: > 0 } deleted ? $"Deleted {deleted}." : null;
        return Layout.Page($"Journey map: {id}", "/maps",
            done is null ? null : Layout.Message(done, alert: false),
            E("p", new XAttribute("class", "map-tools"),
                admin ? new object[]
                {
                    E("a", new XAttribute("href", $"{path}/about"), "Title, persona and phases"),
                    E("a", new XAttribute("href", $"{path}/item?list=steps"), "Add a step"),
                    E("a", new XAttribute("href", $"{path}/item?list=pain_points"), "Add a pain point"),
                    E("a", new XAttribute("href", $"{path}/item?list=opportunities"), "Add an opportunity"),
                    E("a", new XAttribute("href", $"{path}/edit"), "Edit in YAML"),
                } : null,
                // Readers (a read key) see the map and its figures; the editing links are for admins.
                E("a", new XAttribute("href", $"/api/map-bind/{Uri.EscapeDataString(id)}{QueryString.Create(options)}"), "Figures as JSON")),
            admin ? E("p", new XAttribute("class", "meta"), "Click a step, a phase or a lane on the map to change it; the map's header opens its title, persona and phases.") : null,
            OptionForm.Render(bind.Parameters, options, AnalysisPages.Touchpoints(backends) ?? [], "Show", FilterAids.Of(backends), personaChoices),
            outcome.Answer is { } answer
                ? Picture(admin ? MapEditLinks.Render((BoundMap)answer.Result, path) : MapChart.Render((BoundMap)answer.Result))
                : Layout.Message(outcome.Detail),
            outcome.Answer is { Result: BoundMap { Notes.Count: > 0 } noted } ? E("ul", new XAttribute("class", "notes"), noted.Notes.Select(n => E("li", n))) : null,
            outcome.Answer is { } figures ? ResultFragment.Element(null, figures.Tables) : Layout.Message(outcome.Detail),
            admin ? MapItemPages.Index(id, stored.Yaml) : null);
    }

    /// <summary>POST from the editor: check the text; draw it when valid; save it when asked and valid.</summary>
    private static async Task<IResult> Check(HttpContext context, WebSettings settings)
    {
        if (await FormPost.ReadAsync(context, settings.MaxFormBytes) is not { } form)
        {
            return FormPost.TooLarge(settings.MaxFormBytes);
        }

        var yaml = form["yaml"].ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        var original = form["original"].ToString();
        return Editor(context, settings, yaml, original.Length == 0 ? null : original, form["action"] == "save" ? "save" : "check");
    }

    private static IResult Editor(HttpContext context, WebSettings settings, string yaml, string? original, string? action)
    {
        IReadOnlyList<MapProblem> problems = [];
        object? preview = null;
        if (action is not null)
        {
            if (yaml.Length > MapStore.MaxYamlLength)
            {
                problems = [new MapProblem("map", new Position(1, 1), "map", $"a map is at most {MapStore.MaxYamlLength:N0} characters")];
            }
            else
            {
                (problems, preview) = CheckAndDraw(context, settings, yaml, action == "save", out var savedId);
                if (savedId is not null)
                {
                    return Results.Redirect($"/maps/{Uri.EscapeDataString(savedId)}");
                }
            }
        }

        var lines = yaml.Split('\n');
        var bad = problems.Select(p => p.At.Line).ToHashSet();
        return Layout.Page(original is null ? "New journey map" : $"Edit map: {original}", "/maps",
            E("form", new XAttribute("method", "post"), new XAttribute("action", "/maps/edit"), new XAttribute("class", "editor"),
                Layout.Antiforgery(context),
                E("input", new XAttribute("type", "hidden"), new XAttribute("name", "original"), new XAttribute("value", original ?? "")),
                E("label", new XAttribute("for", "yaml"), "Map (YAML; see docs/maps.md)"),
                E("textarea", new XAttribute("id", "yaml"), new XAttribute("name", "yaml"), new XAttribute("rows", "28"), new XAttribute("spellcheck", "false"), yaml),
                E("div", new XAttribute("class", "buttons"),
                    E("button", new XAttribute("type", "submit"), new XAttribute("name", "action"), new XAttribute("value", "check"), "Check and draw"),
                    E("button", new XAttribute("type", "submit"), new XAttribute("name", "action"), new XAttribute("value", "save"), "Save"))),
            context.Request.Query["saved"] is { Count: > 0 } saved ? Layout.Message($"Saved {saved}.", alert: false)
            : context.Request.Query["deleted"] is { Count: > 0 } deleted ? Layout.Message($"Deleted {deleted}.", alert: false) : null,
            action is null ? null
            : problems.Count == 0 ? Layout.Message("No problems.", alert: false)
            : E("section", new XAttribute("class", "problems"), new XAttribute("role", "alert"),
                E("h2", $"{problems.Count} problem(s)"),
                E("ol", problems.Select(p => E("li", E("a", new XAttribute("href", "#"), new XAttribute("data-line", p.At.Line), $"line {p.At.Line}, column {p.At.Column}"), $" · {p.Field}: {p.Message}"))),
                E("pre", new XAttribute("class", "listing"), lines.Select((l, i) =>
                    E("span", bad.Contains(i + 1) ? new XAttribute("class", "bad") : null, $"{i + 1,4}  {l}\n")))),
            preview,
            original is not null && action is null ? MapItemPages.Index(original, yaml) : null);
    }

    private static (IReadOnlyList<MapProblem> Problems, object? Preview) CheckAndDraw(HttpContext context, WebSettings settings, string yaml, bool save, out string? savedId)
    {
        savedId = null;
        using (var workspace = Workspace.Open(settings.Workspace, create: true, settings.Clock))
        {
            var (map, problems) = Validate(context, workspace, yaml, "map");
            if (problems.Count > 0 || map is null)
            {
                return (problems, null);
            }

            if (save)
            {
                MapStore.Save(workspace, map.Id, yaml);
                savedId = map.Id;
                return ([], null);
            }
        }

        // Drawn bound to the data, as the map's own page draws a saved map.
        var query = MapAnalyses.BindQuery(MapAnalyses.Bind.NewValues("map")) with { Map = new MapReference("map", yaml, FilesAllowed: false) };
        try
        {
            using var backend = context.RequestServices.GetRequiredService<IBackendProvider>().Open();
            return ([], E("section", E("h2", "Preview"), Picture(MapChart.Render(backend.Answer(query)))));
        }
        catch (Exception e) when (e is InputException or RequestException or AnalysisException)
        {
            return ([], Layout.Message(e.Message));
        }
    }

    /// <summary>Checks a map's text against the workspace: its catalogue and, once it has events, its touchpoints.</summary>
    internal static (JourneyMap? Map, IReadOnlyList<MapProblem> Problems) Validate(HttpContext context, Workspace workspace, string yaml, string name)
    {
        var engine = context.RequestServices.GetRequiredService<EngineLoader>().Load(workspace);
        return MapValidator.Check(yaml, name, CatalogueStore.Load(workspace), engine.Events.EventCount == 0 ? null : engine.Events.TouchpointNames);
    }
}
