using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using JourneyLens.Application.Backends;
using JourneyLens.Maps.Editing;
using JourneyLens.Maps.Templates;
using JourneyLens.Maps.Model;
using JourneyLens.Maps.Validation;
using JourneyLens.Maps.Yaml;
using JourneyLens.Storage;
using JourneyLens.Storage.Catalogue;
using JourneyLens.Storage.Engine;
using JourneyLens.Storage.Maps;
using JourneyLens.Web.Hosting;
using JourneyLens.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static JourneyLens.Rendering.Html.HtmlPage;

namespace JourneyLens.Web.Pages;

/// <summary>
/// Form editing of a saved map's steps, pain points and opportunities, one item at a time. The item's lines in the
/// YAML are written again from the form (MapItemEditor) and the rest of the text stays as the user wrote it; the
/// whole map is checked before it is saved, and a map changed meanwhile by someone else is not overwritten.
/// </summary>
public static class MapItemPages
{
    public static void Map(IEndpointRouteBuilder app, WebSettings settings)
    {
        app.MapGet("/maps/{id}/item", (HttpContext context, string id, string? list, string? item, IBackendProvider backends) => Form(context, settings, backends, id, list, item))
            .RequireAuthorization(Access.Admin).ExcludeFromDescription();
        app.MapPost("/maps/{id}/item", (HttpContext context, string id, IBackendProvider backends) => Post(context, settings, backends, id))
            .RequireAuthorization(Access.Admin).ExcludeFromDescription().DisableAntiforgery();
    }

    /// <summary>The links to every item's form, shown beside the YAML editor.</summary>
    public static XElement? Index(string mapId, string yaml)
    {
        var lists = new List<XElement>();
        try
        {
            foreach (var kind in ItemKind.All)
            {
                var ids = MapItemEditor.Ids(yaml, kind);
                lists.Add(E("div", new XAttribute("class", "items"),
                    E("h3", $"{char.ToUpperInvariant(kind.List[0])}{kind.List[1..].Replace('_', ' ')} ({ids.Count})"),
                    E("ul", ids.Select(i => E("li", E("a", new XAttribute("href", Href(mapId, kind, i)), i)))),
                    E("a", new XAttribute("class", "add"), new XAttribute("href", Href(mapId, kind, null)), $"Add {(kind.Singular[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an" : "a")} {kind.Singular}")));
            }
        }
        catch (MapEditException e)
        {
            return E("section", new XAttribute("id", "items"), E("h2", "Edit with forms"), Layout.Message(e.Message, alert: false));
        }

        return E("section", new XAttribute("id", "items"), E("h2", "Edit with forms"),
            E("p", new XAttribute("class", "meta"), "One item at a time: its lines in the YAML are written again, the rest of the text and its comments stay as they are."),
            E("div", new XAttribute("class", "item-lists"), lists));
    }

    private static string Href(string mapId, ItemKind kind, string? item) =>
        $"/maps/{Uri.EscapeDataString(mapId)}/item?list={kind.List}" + (item is null ? "" : $"&item={Uri.EscapeDataString(item)}");

    private static IResult Form(HttpContext context, WebSettings settings, IBackendProvider backends, string id, string? list, string? item)
    {
        if (ItemKind.Find(list ?? "") is not { } kind)
        {
            return Layout.Page("Edit map", "/maps", Layout.Message($"Unknown list '{list}': expected steps, pain_points or opportunities."));
        }

        // The same lookup as the map pages; the map itself is read for its phases and steps (the form's choices).
        var stored = MapPages.Stored(settings, id);
        if (stored is null)
        {
            return Layout.Page("Edit map", "/maps", Layout.Message($"There is no saved map '{id}'."));
        }

        var map = MapReader.Read(stored.Yaml, id);

        Dictionary<string, string>? values;
        try
        {
            values = item is null ? NewValues(kind, context.Request.Query) : MapItemEditor.Values(stored.Yaml, kind, item);
        }
        catch (MapEditException e)
        {
            return Page(context, backends, id, kind, item, map, stored.Yaml, new Dictionary<string, string>(), [], e.Message);
        }

        return values is null
            ? Layout.Page("Edit map", "/maps", Layout.Message($"Map '{id}' has no {kind.Singular} '{item}'."))
            : Page(context, backends, id, kind, item, map, stored.Yaml, values, [], null);
    }

    /// <summary>A new item's values: the defaults, and where it was asked for on the map (a step's phase, the step a pain point or opportunity is at).</summary>
    private static Dictionary<string, string> NewValues(ItemKind kind, IQueryCollection query)
    {
        var values = kind.Fields.ToDictionary(f => f.Key, f => f.Default ?? "");
        var (phase, step) = (query["phase"].ToString(), query["step"].ToString());
        if (kind == ItemKind.Step && phase.Length is > 0 and <= 200)
        {
            values["phase"] = phase;
        }
        else if (kind == ItemKind.PainPoint && step.Length is > 0 and <= 200)
        {
            values["step"] = step;
        }
        else if (kind == ItemKind.Opportunity && step.Length is > 0 and <= 200)
        {
            values["steps"] = step;
        }

        return values;
    }

    private static async Task<IResult> Post(HttpContext context, WebSettings settings, IBackendProvider backends, string id)
    {
        if (await FormPost.ReadAsync(context, settings.MaxFormBytes) is not { } form)
        {
            return FormPost.TooLarge(settings.MaxFormBytes);
        }

        if (ItemKind.Find(form["list"].ToString()) is not { } kind)
        {
            return Layout.Page("Edit map", "/maps", Layout.Message("Unknown list: expected steps, pain_points or opportunities."));
        }

        var item = form["item"].ToString() is { Length: > 0 } i ? i : null;
        var values = kind.Fields.ToDictionary(f => f.Key, f => f.Kind == FieldKind.Flag ? (form[$"f.{f.Key}"] == "true" ? "true" : "false") : form[$"f.{f.Key}"].ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
        using var workspace = Workspace.Open(settings.Workspace, create: true, settings.Clock);
        var stored = MapStore.Find(workspace, id);
        if (stored is null)
        {
            return Layout.Page("Edit map", "/maps", Layout.Message($"There is no saved map '{id}'."));
        }

        var map = MapReader.Read(stored.Yaml, id);
        if (form["version"] != Version(stored.Yaml))
        {
            return Page(context, backends, id, kind, item, map, stored.Yaml, values, [], Overwritten);
        }

        string yaml;
        try
        {
            if (item is null && values["id"].Trim().Length == 0)
            {
                // A new item without an id gets one from its title, so nobody has to invent one.
                values["id"] = MapTemplates.UniqueId(values["title"], MapItemEditor.Ids(stored.Yaml, kind).ToHashSet(StringComparer.Ordinal));
            }

            yaml = form["action"] == "delete" && item is not null ? MapItemEditor.Remove(stored.Yaml, kind, item)
                : item is null ? MapItemEditor.Insert(stored.Yaml, kind, form["after"].ToString() is { Length: > 0 } after ? after : null, values)
                : MapItemEditor.Replace(stored.Yaml, kind, item, values);
        }
        catch (MapEditException e)
        {
            return Page(context, backends, id, kind, item, map, stored.Yaml, values, [], e.Message);
        }

        var (edited, problems) = MapPages.Validate(context, workspace, yaml, id);
        if (edited is { } && edited.Id != id)
        {
            problems = [.. problems, new MapProblem(id, new Position(1, 1), "id", $"the map's id is '{edited.Id}'; form editing keeps it as '{id}'")];
        }

        if (problems.Count > 0 || yaml.Length > MapStore.MaxYamlLength)
        {
            return Page(context, backends, id, kind, item, map, stored.Yaml, values, Described(problems, yaml),
                yaml.Length > MapStore.MaxYamlLength ? $"a map is at most {MapStore.MaxYamlLength:N0} characters" : null);
        }

        MapStore.Save(workspace, id, yaml);
        var done = form["action"] == "delete" ? "deleted" : "saved";
        return Results.Redirect($"/maps/{Uri.EscapeDataString(id)}?{done}={Uri.EscapeDataString($"{kind.Singular} '{values["id"]}'")}");
    }

    internal const string Overwritten = "The map was saved by someone else after this form was opened, so nothing was saved. Your changes are below: Save again puts them over the newer version; open the item again to start from it.";

    /// <summary>A map's problems with the line of the edited text each points at.</summary>
    internal static IReadOnlyList<string> Described(IReadOnlyList<MapProblem> problems, string yaml)
    {
        var lines = yaml.Split('\n');
        return [.. problems.Select(p => $"{p.Field}: {p.Message} (line {p.At.Line}: {(p.At.Line <= lines.Length ? lines[p.At.Line - 1].Trim() : "")})")];
    }

    /// <summary>Names the stored text the form was opened on, so that a save over someone else's newer version is refused.</summary>
    internal static string Version(string yaml) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(yaml)))[..16];

    private static IResult Page(HttpContext context, IBackendProvider backends, string mapId, ItemKind kind, string? item, JourneyMap map, string yaml, IReadOnlyDictionary<string, string> values,
        IReadOnlyList<string> problems, string? message)
    {
        IReadOnlyList<string>? Choices(ItemField f) => f.Key switch
        {
            "phase" when kind == ItemKind.Step => map.Phases.Count > 0 ? map.Phases : [.. map.Steps.Select(s => s.Phase).Distinct()],
            "step" when kind == ItemKind.PainPoint => [.. map.Steps.Select(s => s.Id)],
            _ => f.Choices,
        };

        // Lists whose items come from somewhere are offered: touchpoints from the catalogue and the data, steps and pain points from the map.
        IReadOnlyList<(string Value, string Text)>? Offered(ItemField f) => (kind.List, f.Key) switch
        {
            ("steps", "touchpoints") => Touchpoints(backends),
            ("opportunities", "steps") => [.. map.Steps.Select(s => (s.Id, s.Title))],
            ("opportunities", "pain_points") => [.. map.PainPoints.Select(p => (p.Id, p.Title))],
            ("opportunities", "metric") => MetricChoices.Of(map),
            _ => null,
        };

        var title = item is null ? $"New {kind.Singular} in {map.Title}" : $"Edit {kind.Singular} '{item}' of {map.Title}";
        return Layout.Page(title, "/maps",
            E("p", new XAttribute("class", "meta"),
                E("a", new XAttribute("href", $"/maps/{Uri.EscapeDataString(mapId)}"), "Back to the map"), " · ",
                E("a", new XAttribute("href", $"/maps/{Uri.EscapeDataString(mapId)}/edit"), "Edit it in YAML")),
            message is null ? null : Layout.Message(message),
            problems.Count == 0 ? null : E("section", new XAttribute("class", "problems"), new XAttribute("role", "alert"),
                E("h2", $"{problems.Count} problem(s); nothing was saved"), E("ol", problems.Select(p => E("li", p)))),
            E("form", new XAttribute("method", "post"), new XAttribute("action", $"/maps/{Uri.EscapeDataString(mapId)}/item"), new XAttribute("class", "analysis item-form"),
                Layout.Antiforgery(context),
                Hidden("list", kind.List), Hidden("item", item ?? ""), Hidden("version", Version(yaml)),
                E("fieldset", E("legend", kind.Singular),
                    kind.Fields.Select(f => Field(item is null && f.Key == "id" ? f with { Required = false, Help = "Empty: made from the title" } : f,
                        values.GetValueOrDefault(f.Key) ?? "", Choices(f), offered: Offered(f))),
                    item is null && kind == ItemKind.Step ? Field(new ItemField("after", "place it after", FieldKind.Choice, "Steps are in the customer's order"),
                        LastOfPhase(map, values.GetValueOrDefault("phase")), [.. map.Steps.Select(s => s.Id)], name: "after") : null),
                E("div", new XAttribute("class", "buttons"),
                    E("button", new XAttribute("type", "submit"), new XAttribute("name", "action"), new XAttribute("value", "save"), "Save"),
                    item is null ? null : E("button", new XAttribute("type", "submit"), new XAttribute("name", "action"), new XAttribute("value", "delete"), new XAttribute("class", "danger"), $"Delete this {kind.Singular}"))));
    }

    /// <summary>Where a new step of a phase goes by default: after that phase's last step (none yet: at the end).</summary>
    private static string LastOfPhase(JourneyMap map, string? phase) => map.Steps.LastOrDefault(s => s.Phase == phase)?.Id ?? "";

    private static XElement Hidden(string name, string value) =>
        E("input", new XAttribute("type", "hidden"), new XAttribute("name", name), new XAttribute("value", value));

    internal static XElement Field(ItemField field, string value, IReadOnlyList<string>? choices, string? name = null, IReadOnlyList<(string Value, string Text)>? offered = null)
    {
        name ??= $"f.{field.Key}";
        var id = "i-" + field.Key.Replace('.', '-');
        XElement control = field.Kind switch
        {
            FieldKind.LongText or FieldKind.Lines => E("textarea", new XAttribute("name", name), new XAttribute("id", id), new XAttribute("rows", field.Kind == FieldKind.Lines ? "3" : "4"), value),
            FieldKind.Flag => E("input", new XAttribute("type", "checkbox"), new XAttribute("name", name), new XAttribute("value", "true"), new XAttribute("id", id),
                value == "true" ? new XAttribute("checked", "checked") : null),
            FieldKind.Choice => E("select", new XAttribute("name", name), new XAttribute("id", id),
                field.Required || field.Default is not null ? null : E("option", new XAttribute("value", ""), name == "after" ? "(at the end)" : "(none)"),
                // A value the choices do not have (a phase from the lens, a typo) stays selectable, so saving does not change it unasked.
                (choices ?? []).Concat(value.Length > 0 && !(choices ?? []).Contains(value) ? [value] : [])
                    .Select(c => E("option", new XAttribute("value", c), c == value ? new XAttribute("selected", "selected") : null, c))),
            FieldKind.Day => E("input", new XAttribute("type", "date"), new XAttribute("name", name), new XAttribute("id", id), new XAttribute("value", value)),
            FieldKind.Number => E("input", new XAttribute("type", "number"), new XAttribute("step", "any"), new XAttribute("name", name), new XAttribute("id", id), new XAttribute("value", value)),
            _ => E("input", new XAttribute("type", "text"), new XAttribute("name", name), new XAttribute("id", id), new XAttribute("value", value), field.Required ? new XAttribute("required", "required") : null),
        };
        if (offered is not null && field.Kind == FieldKind.Text)
        {
            control.SetAttributeValue("list", id + "-offered");
        }

        return E("div", new XAttribute("class", "field"), E("label", new XAttribute("for", id), field.Label), control,
            offered is null ? null : Offer(field, id, offered),
            E("small", field.Help ?? ""));
    }

    /// <summary>
    /// What a field may hold, as suggestions: a line field gets a box that adds the chosen one as a line (app.js), a
    /// text field suggests as it is typed in. Without the script the text itself can still be written.
    /// </summary>
    private static XElement Offer(ItemField field, string id, IReadOnlyList<(string Value, string Text)> offered)
    {
        var list = id + "-offered";
        var datalist = E("datalist", new XAttribute("id", list), offered.Take(MaxOffered).Select(o => E("option", new XAttribute("value", o.Value), o.Text == o.Value ? null : o.Text)));
        if (field.Kind != FieldKind.Lines)
        {
            return datalist;
        }

        return E("span", new XAttribute("class", "offer"),
            E("input", new XAttribute("type", "text"), new XAttribute("list", list), new XAttribute("data-append-to", id), new XAttribute("id", id + "-add"),
                new XAttribute("aria-label", $"Add to {field.Label}"), new XAttribute("placeholder", $"Add {field.Label}: type to search, Enter to add"), new XAttribute("maxlength", 500)),
            datalist);
    }

    private const int MaxOffered = 2_000;

    /// <summary>The touchpoints a step may name: the catalogue's and those in the data, each once.</summary>
    private static IReadOnlyList<(string Value, string Text)> Touchpoints(IBackendProvider backends)
    {
        if (!backends.HasData)
        {
            return [];
        }

        using var backend = backends.Open();
        var catalogue = backend.Answer(new Application.Analyses.CatalogueQuery());
        var inData = backend.Answer(new Application.Analyses.TouchpointsQuery(Application.Registry.Selection.All));
        return [.. catalogue.Touchpoints.Select(t => t.Name).Concat(inData).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(t => (t, t))];
    }
}
