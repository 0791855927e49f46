using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using JourneyLens.Maps.Editing;
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
        app.MapGet("/maps/{id}/item", (HttpContext context, string id, string? list, string? item) => Form(context, settings, id, list, item))
            .RequireAuthorization(Access.Admin).ExcludeFromDescription();
        app.MapPost("/maps/{id}/item", (HttpContext context, string id) => Post(context, settings, id))
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
                    E("a", new XAttribute("class", "add"), new XAttribute("href", Href(mapId, kind, null)), $"Add a {kind.Singular}")));
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

    private static IResult Form(HttpContext context, WebSettings settings, string id, string? list, string? item)
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
            values = item is null ? kind.Fields.ToDictionary(f => f.Key, f => f.Default ?? "") : MapItemEditor.Values(stored.Yaml, kind, item);
        }
        catch (MapEditException e)
        {
            return Page(context, id, kind, item, map, stored.Yaml, new Dictionary<string, string>(), [], e.Message);
        }

        return values is null
            ? Layout.Page("Edit map", "/maps", Layout.Message($"Map '{id}' has no {kind.Singular} '{item}'."))
            : Page(context, id, kind, item, map, stored.Yaml, values, [], null);
    }

    private static async Task<IResult> Post(HttpContext context, WebSettings settings, string id)
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
            return Page(context, id, kind, item, map, stored.Yaml, values, [], "The map was saved by someone else after this form was opened, so nothing was saved. Your changes are below: Save again puts them over the newer version; open the item again to start from it.");
        }

        string yaml;
        try
        {
            yaml = form["action"] == "delete" && item is not null ? MapItemEditor.Remove(stored.Yaml, kind, item)
                : item is null ? MapItemEditor.Insert(stored.Yaml, kind, form["after"].ToString() is { Length: > 0 } after ? after : null, values)
                : MapItemEditor.Replace(stored.Yaml, kind, item, values);
        }
        catch (MapEditException e)
        {
            return Page(context, id, kind, item, map, stored.Yaml, values, [], e.Message);
        }

        var (edited, problems) = MapPages.Validate(context, workspace, yaml, id);
        if (edited is { } && edited.Id != id)
        {
            problems = [.. problems, new MapProblem(id, new Position(1, 1), "id", $"the map's id is '{edited.Id}'; form editing keeps it as '{id}'")];
        }

        if (problems.Count > 0 || yaml.Length > MapStore.MaxYamlLength)
        {
            var lines = yaml.Split('\n');
            return Page(context, id, kind, item, map, stored.Yaml, values,
                [.. problems.Select(p => $"{p.Field}: {p.Message} (line {p.At.Line}: {(p.At.Line <= lines.Length ? lines[p.At.Line - 1].Trim() : "")})")],
                yaml.Length > MapStore.MaxYamlLength ? $"a map is at most {MapStore.MaxYamlLength:N0} characters" : null);
        }

        MapStore.Save(workspace, id, yaml);
        var done = form["action"] == "delete" ? "deleted" : "saved";
        return Results.Redirect($"/maps/{Uri.EscapeDataString(id)}/edit?{done}={Uri.EscapeDataString($"{kind.Singular} '{values["id"]}'")}#items");
    }

    /// <summary>Names the stored text the form was opened on, so that a save over someone else's newer version is refused.</summary>
    private static string Version(string yaml) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(yaml)))[..16];

    private static IResult Page(HttpContext context, string mapId, ItemKind kind, string? item, JourneyMap map, string yaml, IReadOnlyDictionary<string, string> values,
        IReadOnlyList<string> problems, string? message)
    {
        IReadOnlyList<string>? Choices(ItemField f) => f.Key switch
        {
            "phase" when kind == ItemKind.Step => map.Phases.Count > 0 ? map.Phases : [.. map.Steps.Select(s => s.Phase).Distinct()],
            "step" when kind == ItemKind.PainPoint => [.. map.Steps.Select(s => s.Id)],
            _ => f.Choices,
        };

        var title = item is null ? $"New {kind.Singular} in {map.Title}" : $"Edit {kind.Singular} '{item}' of {map.Title}";
        return Layout.Page(title, "/maps",
            E("p", new XAttribute("class", "meta"),
                E("a", new XAttribute("href", $"/maps/{Uri.EscapeDataString(mapId)}/edit#items"), "Back to the map's editor"), " · ",
                E("a", new XAttribute("href", $"/maps/{Uri.EscapeDataString(mapId)}"), "View the map")),
            message is null ? null : Layout.Message(message),
            problems.Count == 0 ? null : E("section", new XAttribute("class", "problems"), new XAttribute("role", "alert"),
                E("h2", $"{problems.Count} problem(s); nothing was saved"), E("ol", problems.Select(p => E("li", p)))),
            E("form", new XAttribute("method", "post"), new XAttribute("action", $"/maps/{Uri.EscapeDataString(mapId)}/item"), new XAttribute("class", "analysis item-form"),
                Layout.Antiforgery(context),
                Hidden("list", kind.List), Hidden("item", item ?? ""), Hidden("version", Version(yaml)),
                E("fieldset", E("legend", kind.Singular),
                    kind.Fields.Select(f => Field(f, values.GetValueOrDefault(f.Key) ?? "", Choices(f))),
                    item is null && kind == ItemKind.Step ? Field(new ItemField("after", "place it after", FieldKind.Choice, "Steps are in the customer's order"), "", [.. map.Steps.Select(s => s.Id)], name: "after") : null),
                E("div", new XAttribute("class", "buttons"),
                    E("button", new XAttribute("type", "submit"), new XAttribute("name", "action"), new XAttribute("value", "save"), "Save"),
                    item is null ? null : E("button", new XAttribute("type", "submit"), new XAttribute("name", "action"), new XAttribute("value", "delete"), new XAttribute("class", "danger"), $"Delete this {kind.Singular}"))));
    }

    private static XElement Hidden(string name, string value) =>
        E("input", new XAttribute("type", "hidden"), new XAttribute("name", name), new XAttribute("value", value));

    private static XElement Field(ItemField field, string value, IReadOnlyList<string>? choices, string? name = null)
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
            FieldKind.Number => E("input", new XAttribute("type", "number"), new XAttribute("step", "any"), new XAttribute("name", name), new XAttribute("id", id), new XAttribute("value", value)),
            _ => E("input", new XAttribute("type", "text"), new XAttribute("name", name), new XAttribute("id", id), new XAttribute("value", value), field.Required ? new XAttribute("required", "required") : null),
        };
        return E("div", new XAttribute("class", "field"), E("label", new XAttribute("for", id), field.Label), control, E("small", field.Help ?? ""));
    }
}
