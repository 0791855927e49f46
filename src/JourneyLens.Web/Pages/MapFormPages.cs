using System.Xml.Linq;
using JourneyLens.Application.Backends;
using JourneyLens.Application.Saved;
using JourneyLens.Maps.Editing;
using JourneyLens.Maps.Model;
using JourneyLens.Maps.Templates;
using JourneyLens.Storage;
using JourneyLens.Storage.Catalogue;
using JourneyLens.Storage.Maps;
using JourneyLens.Web.Hosting;
using JourneyLens.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static JourneyLens.Rendering.Html.HtmlPage;

namespace JourneyLens.Web.Pages;

/// <summary>
/// Maps without YAML: a new map from a template and what the team knows (title, persona, goal, phases), saved and
/// opened on its page; and the map's header (title, actor, persona, scenario, phases, metrics) in a form, written back
/// into the YAML key by key (<see cref="MapHeaderEditor"/>). Steps, pain points and opportunities have their own forms.
/// </summary>
public static class MapFormPages
{
    private const int MaxPhases = 20;

    public static void Map(IEndpointRouteBuilder app, WebSettings settings)
    {
        app.MapGet("/maps/new", (HttpContext context, IBackendProvider backends) => NewForm(context, backends, FromQuery(context.Request.Query), null))
            .RequireAuthorization(Access.Admin).ExcludeFromDescription();
        app.MapPost("/maps/new", (HttpContext context, IBackendProvider backends) => Create(context, settings, backends))
            .RequireAuthorization(Access.Admin).ExcludeFromDescription().DisableAntiforgery();
        app.MapGet("/maps/{id}/about", (HttpContext context, string id, IBackendProvider backends) => MapPages.Stored(settings, id) is { } stored
                ? HeaderForm(context, backends, id, stored.Yaml, MapHeaderEditor.Values(stored.Yaml), [], null)
                : Layout.Page("Edit map", "/maps", Layout.Message($"There is no saved map '{id}'.")))
            .RequireAuthorization(Access.Admin).ExcludeFromDescription();
        app.MapPost("/maps/{id}/about", (HttpContext context, string id, IBackendProvider backends) => SaveHeader(context, settings, backends, id))
            .RequireAuthorization(Access.Admin).ExcludeFromDescription().DisableAntiforgery();
    }

    private sealed record NewMap(string Title, string Template, string Persona, string Actor, string Description, string Goal, string Expectations, string Phases);

    private static NewMap FromQuery(IQueryCollection q) => new("", q["template"].ToString() is { Length: > 0 } t && MapTemplates.Names.Contains(t) ? t : "lifecycle",
        q["persona"].ToString(), "", "", "", "", "");

    private static IResult NewForm(HttpContext context, IBackendProvider backends, NewMap given, IReadOnlyList<string>? problems)
    {
        var personas = backends.Segments.Personas.All();
        var form = E("form", new XAttribute("method", "post"), new XAttribute("action", "/maps/new"), new XAttribute("class", "analysis new-map"),
            Layout.Antiforgery(context),
            E("fieldset", E("legend", "The map"),
                Forms.Text("m-title", "title", "title", given.Title, "What the journey is, in the customer's terms, e.g. Flying door to door", required: true),
                Forms.Select("m-template", "template", "template", given.Template, "Its phases and lanes to start from; phases can be changed below or later",
                    MapTemplates.Names.Select(n => (n, $"{n}: {string.Join(" → ", MapTemplates.PhasesOf(n))}{(n == MapTemplates.Blueprint ? " (with service-blueprint lanes)" : "")}"))),
                Forms.Area("m-phases", "phases", "phases (optional)", given.Phases, "Your own columns, one per line, in the customer's order; empty: the template's", rows: 4)),
            E("fieldset", E("legend", "Whose journey"),
                Forms.Select("m-persona", "persona", "persona", given.Persona, personas.Count == 0 ? "No persona is saved yet: the map's figures will be over everyone" : "Its figures will be over the persona's segment",
                    [("", "(none: everyone)"), .. personas.Select(p => (p.Name, p.Shown))]),
                E("p", new XAttribute("class", "meta"), E("a", new XAttribute("href", "/personas?return=" + Uri.EscapeDataString("/maps/new")), "Make a new persona")),
                Forms.Text("m-actor", "actor", "actor (optional)", given.Actor, "Whose point of view; empty: the persona's title, else Customer"),
                Forms.Area("m-description", "description", "who they are (optional)", given.Description, "Empty: the persona's description"),
                Forms.Text("m-goal", "goal", "goal (optional)", given.Goal, "What the customer wants to achieve; empty: the persona's first goal"),
                Forms.Area("m-expectations", "expectations", "expectations (optional)", given.Expectations, "What they expect along the way, one per line")),
            E("button", new XAttribute("type", "submit"), "Create the map"));
        return Layout.Page("New journey map", "/maps",
            E("p", new XAttribute("class", "meta"), "The map opens with a step per phase to fill in on the map itself. ",
                E("a", new XAttribute("href", $"/maps/new/yaml?template={Uri.EscapeDataString(given.Template)}"), "Write it in YAML instead")),
            Problems(problems),
            form);
    }

    private static async Task<IResult> Create(HttpContext context, WebSettings settings, IBackendProvider backends)
    {
        if (await FormPost.ReadAsync(context, settings.MaxFormBytes) is not { } form)
        {
            return FormPost.TooLarge(settings.MaxFormBytes);
        }

        var given = new NewMap(form["title"].ToString().Trim(), form["template"].ToString(), form["persona"].ToString(), form["actor"].ToString().Trim(),
            form["description"].ToString().Trim(), form["goal"].ToString().Trim(), form["expectations"].ToString(), form["phases"].ToString());
        var phases = Lines(given.Phases);
        var problems = new List<string>();
        if (given.Title.Length is 0 or > 200)
        {
            problems.Add("title: give the map a title of at most 200 characters");
        }

        if (!MapTemplates.Names.Contains(given.Template))
        {
            problems.Add($"template: one of {string.Join(", ", MapTemplates.Names)}");
        }

        if (phases.Count > MaxPhases || phases.Distinct(StringComparer.Ordinal).Count() != phases.Count)
        {
            problems.Add($"phases: at most {MaxPhases}, each once");
        }

        var persona = given.Persona.Length == 0 ? null : backends.Segments.Personas.Find(given.Persona);
        if (given.Persona.Length > 0 && persona is null)
        {
            problems.Add($"persona: there is no persona '{given.Persona}'");
        }

        if (problems.Count > 0)
        {
            return NewForm(context, backends, given, problems);
        }

        using var workspace = Workspace.Open(settings.Workspace, create: true, settings.Clock);
        var taken = MapStore.List(workspace).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var start = new MapStart(given.Template, MapTemplates.UniqueId(given.Title, taken))
        {
            Title = given.Title,
            Persona = persona?.Name,
            ActorName = Blank(given.Actor) ?? persona?.Shown,
            ActorDescription = Blank(given.Description) ?? persona?.Description,
            Goal = Blank(given.Goal) ?? persona?.Goals.FirstOrDefault(),
            Expectations = Lines(given.Expectations),
            Phases = phases,
            Examples = false,
        };
        var yaml = MapTemplates.Yaml(start);
        var (map, mapProblems) = MapPages.Validate(context, workspace, yaml, start.Id);
        if (map is null || mapProblems.Count > 0)
        {
            return NewForm(context, backends, given, [.. mapProblems.Select(p => $"{p.Field}: {p.Message}")]);
        }

        MapStore.Save(workspace, map.Id, yaml);
        return Results.Redirect($"/maps/{Uri.EscapeDataString(map.Id)}?created=1");
    }

    private static IResult HeaderForm(HttpContext context, IBackendProvider backends, string id, string yaml, IReadOnlyDictionary<string, string> values, IReadOnlyList<string> problems, string? message)
    {
        var lenses = LensNames(context);
        var personas = backends.Segments.Personas.All();
        IReadOnlyList<string>? Choices(ItemField f) => f.Key switch
        {
            "lens" => lenses,
            "actor.persona" => [.. personas.Select(p => p.Name)],
            _ => f.Choices,
        };

        return Layout.Page($"Edit map: {id}", "/maps",
            E("p", new XAttribute("class", "meta"), E("a", new XAttribute("href", $"/maps/{Uri.EscapeDataString(id)}"), "Back to the map"), " · ",
                E("a", new XAttribute("href", $"/maps/{Uri.EscapeDataString(id)}/edit"), "Edit it in YAML")),
            message is null ? null : Layout.Message(message),
            Problems(problems),
            E("form", new XAttribute("method", "post"), new XAttribute("action", $"/maps/{Uri.EscapeDataString(id)}/about"), new XAttribute("class", "analysis item-form"),
                Layout.Antiforgery(context),
                E("input", new XAttribute("type", "hidden"), new XAttribute("name", "version"), new XAttribute("value", MapItemPages.Version(yaml))),
                E("fieldset", E("legend", "The map and whose journey it is"),
                    MapHeaderEditor.Fields.Select(f => MapItemPages.Field(f, values.GetValueOrDefault(f.Key) ?? "", Choices(f)))),
                E("button", new XAttribute("type", "submit"), "Save")));
    }

    private static async Task<IResult> SaveHeader(HttpContext context, WebSettings settings, IBackendProvider backends, string id)
    {
        if (await FormPost.ReadAsync(context, settings.MaxFormBytes) is not { } form)
        {
            return FormPost.TooLarge(settings.MaxFormBytes);
        }

        var values = MapHeaderEditor.Fields.ToDictionary(f => f.Key, f => form[$"f.{f.Key}"].ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
        using var workspace = Workspace.Open(settings.Workspace, create: true, settings.Clock);
        if (MapStore.Find(workspace, id) is not { } stored)
        {
            return Layout.Page("Edit map", "/maps", Layout.Message($"There is no saved map '{id}'."));
        }

        if (form["version"] != MapItemPages.Version(stored.Yaml))
        {
            return HeaderForm(context, backends, id, stored.Yaml, values, [], MapItemPages.Overwritten);
        }

        string yaml;
        try
        {
            yaml = MapHeaderEditor.Replace(stored.Yaml, values);
        }
        catch (MapEditException e)
        {
            return HeaderForm(context, backends, id, stored.Yaml, values, [], e.Message);
        }

        var (_, problems) = MapPages.Validate(context, workspace, yaml, id);
        if (problems.Count > 0 || yaml.Length > MapStore.MaxYamlLength)
        {
            return HeaderForm(context, backends, id, stored.Yaml, values, MapItemPages.Described(problems, yaml), yaml.Length > MapStore.MaxYamlLength ? $"a map is at most {MapStore.MaxYamlLength:N0} characters" : null);
        }

        MapStore.Save(workspace, id, yaml);
        return Results.Redirect($"/maps/{Uri.EscapeDataString(id)}?saved={Uri.EscapeDataString("the map's header")}");
    }

    private static IReadOnlyList<string> LensNames(HttpContext context)
    {
        var settings = (WebSettings)context.RequestServices.GetService(typeof(WebSettings))!;
        if (!Workspace.Exists(settings.Workspace))
        {
            return [.. Core.Catalogue.Lens.BuiltIn.Select(l => l.Name)];
        }

        using var workspace = Workspace.Open(settings.Workspace, create: false, settings.Clock);
        return [.. CatalogueStore.Load(workspace).Lenses.Select(l => l.Name)];
    }

    private static XElement? Problems(IReadOnlyList<string>? problems) => problems is not { Count: > 0 } ? null
        : E("section", new XAttribute("class", "problems"), new XAttribute("role", "alert"), E("h2", $"{problems.Count} problem(s); nothing was saved"), E("ol", problems.Select(p => E("li", p))));

    private static List<string> Lines(string text) => [.. text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    private static string? Blank(string text) => text.Length == 0 ? null : text;
}
