using System.Xml.Linq;
using JourneyLens.Application.Analyses;
using JourneyLens.Application.Backends;
using JourneyLens.Application.Saved;
using JourneyLens.Core.Errors;
using JourneyLens.Web.Hosting;
using JourneyLens.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static JourneyLens.Rendering.Html.HtmlPage;

namespace JourneyLens.Web.Pages;

/// <summary>
/// <c>/personas</c>: who the maps are about — each with a title, description, goals and the segment of the data they
/// are, how many persons that holds now and the maps that refer to it; a form to save or change one (the segment built
/// with the filter bar's builder or chosen from the saved segments), and delete. Saving changes what maps show: admins.
/// </summary>
public static class PersonaPages
{
    private sealed record Given(string Name, string Title, string Description, string Goals, string Segment);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/personas", (HttpContext context, IBackendProvider backends, string? edit) =>
                Page(context, backends, null, edit is null ? null : backends.Segments.Personas.Find(edit) is { } p ? Of(p) : null, null))
            .RequireAuthorization(Access.Read).ExcludeFromDescription();
        app.MapPost("/personas", Save).RequireAuthorization(Access.Admin).ExcludeFromDescription().DisableAntiforgery();
        app.MapPost("/personas/delete", Delete).RequireAuthorization(Access.Admin).ExcludeFromDescription().DisableAntiforgery();
    }

    private static Given Of(SavedPersona p) => new(p.Name, p.Title ?? "", p.Description ?? "", string.Join('\n', p.Goals), p.Segment);

    private static async Task<IResult> Save(HttpContext context, IBackendProvider backends, WebSettings settings)
    {
        if (await FormPost.ReadAsync(context, settings.MaxFormBytes) is not { } form)
        {
            return FormPost.TooLarge(settings.MaxFormBytes);
        }

        var given = new Given(form["name"].ToString().Trim(), form["title"].ToString(), form["description"].ToString(), form["goals"].ToString(), form["segment"].ToString());
        try
        {
            var saved = backends.Segments.Personas.Save(given.Name, given.Title, given.Description, given.Goals.Split('\n'), given.Segment, backends.Segments, settings.Clock.GetUtcNow());
            return Results.Redirect(Return(form["return"].ToString()) ?? $"/personas?saved={Uri.EscapeDataString(saved.Name)}");
        }
        catch (UserErrorException e)
        {
            return Page(context, backends, e.Message, given, StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<IResult> Delete(HttpContext context, IBackendProvider backends, WebSettings settings)
    {
        if (await FormPost.ReadAsync(context, settings.MaxFormBytes) is not { } form)
        {
            return FormPost.TooLarge(settings.MaxFormBytes);
        }

        var name = form["name"].ToString();
        return backends.Segments.Personas.Delete(name)
            ? Results.Redirect("/personas")
            : Page(context, backends, $"There is no persona named '{name}'.", null, StatusCodes.Status404NotFound);
    }

    /// <summary>The saved maps, none where the backend keeps no maps (a ClickHouse cluster).</summary>
    private static IReadOnlyList<MapSummary> Maps(IAnalysisBackend? backend)
    {
        try
        {
            return backend?.Answer(new MapListQuery()) ?? [];
        }
        catch (NotAnsweredException)
        {
            return [];
        }
    }

    /// <summary>Back to the page the form was opened from (the new-map form); only a path of this site.</summary>
    private static string? Return(string back) => LocalAddress.IsLocal(back) ? back : null;

    private static IResult Page(HttpContext context, IBackendProvider backends, string? problem, Given? given, int? status)
    {
        var aids = FilterAids.Of(backends);
        using var backend = backends.HasData ? backends.Open() : null;
        var personas = backends.Segments.Personas.All();
        var maps = Maps(backend);
        var admin = Access.IsAdmin(context);
        var cards = E("ul", new XAttribute("class", "personas"), personas.Select(p =>
        {
            var persons = backend is null ? null : SavedPersonas.Persons(backend, p, backends.Segments);
            var about = maps.Where(m => m.Persona == p.Name).ToList();
            return E("li", new XAttribute("class", "persona"), new XAttribute("data-persona", p.Name),
                E("h2", p.Shown, p.Title is null ? null : E("small", $" ({p.Name})")),
                p.Description is null ? null : E("p", p.Description),
                p.Goals.Count == 0 ? null : E("div", E("strong", "Goals"), E("ul", p.Goals.Select(g => E("li", g)))),
                E("p", new XAttribute("class", "meta"), "Segment ", E("code", p.Segment), " · ",
                    persons is { } n ? $"{n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} persons now" : "its saved segment is gone: maps naming this persona are bound to everyone"),
                E("p", new XAttribute("class", "meta"), about.Count == 0 ? "No map is about this persona yet. " : "Maps: ",
                    about.Select((m, i) => new object[] { i > 0 ? ", " : "", E("a", new XAttribute("href", $"/maps/{Uri.EscapeDataString(m.Id)}"), m.Title) }),
                    about.Count > 0 ? " · " : null,
                    admin ? new object[] { E("a", new XAttribute("href", $"/maps/new?persona={Uri.EscapeDataString(p.Name)}"), "Start a map about them"), " · " } : null,
                    E("a", new XAttribute("href", "/paths?segment=" + Uri.EscapeDataString(p.Segment)), "their paths")),
                admin ? E("p", new XAttribute("class", "buttons"),
                    E("a", new XAttribute("href", $"/personas?edit={Uri.EscapeDataString(p.Name)}#persona-form"), new XAttribute("class", "button"), $"Edit {p.Shown}"),
                    E("form", new XAttribute("method", "post"), new XAttribute("action", "/personas/delete"), new XAttribute("class", "inline"),
                        Layout.Antiforgery(context),
                        E("input", new XAttribute("type", "hidden"), new XAttribute("name", "name"), new XAttribute("value", p.Name)),
                        E("button", new XAttribute("type", "submit"), new XAttribute("class", "danger"), new XAttribute("aria-label", $"Delete persona {p.Name}"), "Delete"))) : null);
        }));
        var form = admin ? E("form", new XAttribute("method", "post"), new XAttribute("action", "/personas"), new XAttribute("class", "analysis"), new XAttribute("id", "persona-form"),
            Layout.Antiforgery(context),
            E("input", new XAttribute("type", "hidden"), new XAttribute("name", "return"), new XAttribute("value", context.Request.HasFormContentType ? context.Request.Form["return"].ToString() : context.Request.Query["return"].ToString())),
            E("fieldset", E("legend", given is null ? "New persona" : $"Persona {given.Name}"),
                Forms.Text("p-name", "name", "name", given?.Name ?? "", "How maps refer to them: letters, digits, '-' or '_', e.g. family", required: true),
                Forms.Text("p-title", "title", "title", given?.Title ?? "", "How pages and maps name them, e.g. Family traveller"),
                Forms.Area("p-description", "description", "description", given?.Description ?? "", "Who they are, in a sentence or two"),
                Forms.Area("p-goals", "goals", "goals", given?.Goals ?? "", "What they want to achieve, one per line"),
                E("div", new XAttribute("class", "field"),
                    E("label", new XAttribute("for", "f-segment"), "segment"),
                    E("input", new XAttribute("type", "text"), new XAttribute("id", "f-segment"), new XAttribute("name", "segment"), new XAttribute("value", given?.Segment ?? ""),
                        new XAttribute("list", FilterBar.SavedList), new XAttribute("maxlength", "4000"), new XAttribute("required", "required")),
                    E("small", "Who in the data is this persona: choose a saved segment (@name), or build one below"))),
            aids is null ? null : FilterBar.Builder(aids),
            aids is null ? null : E("datalist", new XAttribute("id", FilterBar.SavedList), aids.Saved.Select(s => E("option", new XAttribute("value", "@" + s.Name), s.Description ?? s.Filter))),
            E("button", new XAttribute("type", "submit"), "Save persona")) : null;
        var page = Layout.Render("Personas", "/personas",
            E("p", new XAttribute("class", "meta"), "Who the journey maps are about. A map names its persona (actor → persona); its figures are then those of the persona's segment."),
            problem is null ? null : Layout.Message(problem),
            context.Request.Query["saved"] is { Count: > 0 } saved ? Layout.Message($"Saved persona {saved}.", alert: false) : null,
            personas.Count == 0 ? Layout.Message("No persona is saved yet.", alert: false) : cards,
            form);
        return Results.Content(page, "text/html; charset=utf-8", statusCode: status ?? StatusCodes.Status200OK);
    }
}
