using System.Xml.Linq;
using JourneyLens.Application.Saved;
using JourneyLens.Application.Backends;
using JourneyLens.Application.Parameters;
using JourneyLens.Core.Errors;
using JourneyLens.Rendering.Tables;
using JourneyLens.Web.Hosting;
using JourneyLens.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static JourneyLens.Rendering.Html.HtmlPage;

namespace JourneyLens.Web.Pages;

/// <summary>
/// <c>/segments</c>: the saved segments with how many persons each holds, a form to save one (built with the same
/// builder as the filter bar), and delete. Saving changes no event, map or import, so readers may do it.
/// </summary>
public static class SegmentPages
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/segments", (HttpContext context, IBackendProvider backends) => Page(context, backends, null, null, null)).RequireAuthorization(Access.Read).ExcludeFromDescription();
        app.MapPost("/segments", Save).RequireAuthorization(Access.Read).ExcludeFromDescription().DisableAntiforgery();
        app.MapPost("/segments/delete", Delete).RequireAuthorization(Access.Read).ExcludeFromDescription().DisableAntiforgery();
    }

    private static async Task<IResult> Save(HttpContext context, IBackendProvider backends, WebSettings settings)
    {
        if (await FormPost.ReadAsync(context, settings.MaxFormBytes) is not { } form)
        {
            return FormPost.TooLarge(settings.MaxFormBytes);
        }

        var (name, filter, description) = (form["name"].ToString().Trim(), form["filter"].ToString(), form["description"].ToString());
        try
        {
            var saved = backends.Segments.Save(name, filter, description, settings.Clock.GetUtcNow());
            return Results.Redirect(Return(form["return"].ToString(), saved.Name));
        }
        catch (Exception e) when (e is RequestException or AnalysisException)
        {
            return Page(context, backends, e.Message, (name, filter, description), StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<IResult> Delete(HttpContext context, IBackendProvider backends, WebSettings settings)
    {
        if (await FormPost.ReadAsync(context, settings.MaxFormBytes) is not { } form)
        {
            return FormPost.TooLarge(settings.MaxFormBytes);
        }

        var name = form["name"].ToString();
        return backends.Segments.Delete(name)
            ? Results.Redirect("/segments")
            : Page(context, backends, $"There is no saved segment named '{name}'.", null, StatusCodes.Status404NotFound);
    }

    /// <summary>Back to the page the segment was saved from, now using it by name; only a path of this site.</summary>
    private static string Return(string back, string name)
    {
        if (!LocalAddress.IsLocal(back))
        {
            return "/segments";
        }

        var path = back.Split('?', 2);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(path.Length > 1 ? path[1] : "");
        query["segment"] = "@" + name;
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path[0], query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v))));
    }

    private static IResult Page(HttpContext context, IBackendProvider backends, string? problem, (string Name, string Filter, string Description)? given, int? status)
    {
        var aids = FilterAids.Of(backends);
        using var backend = backends.HasData ? backends.Open() : null;
        var saved = backends.Segments.All();
        var rows = saved.Select(s => (IReadOnlyList<string>)["@" + s.Name, s.Filter, backend is null ? "" : Persons(backend, s.Filter), s.Description ?? ""]).ToList();
        var table = E("table",
            E("caption", $"Saved segments: {saved.Count}"),
            E("thead", E("tr", E("th", new XAttribute("scope", "col"), "name"), E("th", new XAttribute("scope", "col"), "filter"),
                E("th", new XAttribute("scope", "col"), new XAttribute("class", "num"), "persons"), E("th", new XAttribute("scope", "col"), "description"), E("td"))),
            E("tbody", saved.Select((s, i) => E("tr",
                E("td", E("a", new XAttribute("href", "/paths?segment=" + Uri.EscapeDataString("@" + s.Name)), rows[i][0])),
                E("td", E("code", s.Filter)),
                E("td", new XAttribute("class", "num"), rows[i][2]),
                E("td", rows[i][3]),
                E("td", E("form", new XAttribute("method", "post"), new XAttribute("action", "/segments/delete"), new XAttribute("class", "inline"),
                    Layout.Antiforgery(context),
                    E("input", new XAttribute("type", "hidden"), new XAttribute("name", "name"), new XAttribute("value", s.Name)),
                    E("button", new XAttribute("type", "submit"), new XAttribute("aria-label", $"Delete segment {s.Name}"), "Delete")))))));
        var form = E("form", new XAttribute("method", "post"), new XAttribute("action", "/segments"), new XAttribute("class", "analysis"),
            Layout.Antiforgery(context),
            E("input", new XAttribute("type", "hidden"), new XAttribute("name", "return"), new XAttribute("value", context.Request.HasFormContentType ? context.Request.Form["return"].ToString() : context.Request.Query["return"].ToString())),
            E("fieldset", E("legend", "Save a segment"),
                Forms.Text("f-name", "name", "name", given?.Name ?? "", "Letters, digits, '-' or '_'; used as @name in every analysis"),
                Forms.Text("f-segment", "filter", "filter", given?.Filter ?? context.Request.Query["segment"].ToString(), "Who is in it: build it below, or write a filter such as prop.persona = 'family'"),
                Forms.Text("f-description", "description", "description", given?.Description ?? "", "What the segment is for (optional)")),
            aids is null ? null : FilterBar.Builder(aids),
            E("button", new XAttribute("type", "submit"), "Save segment"));
        var page = Layout.Render("Segments", "/segments",
            E("p", new XAttribute("class", "meta"), "Named groups of persons. Use one on any page by choosing it in the segment box, as --segment @name in the CLI, or segment=@name in the API."),
            problem is null ? null : Layout.Message(problem),
            saved.Count == 0 ? Layout.Message("No segment is saved yet.", alert: false) : table,
            form);
        return Results.Content(page, "text/html; charset=utf-8", statusCode: status ?? StatusCodes.Status200OK);
    }

    /// <summary>How many persons the segment holds now, or why it cannot be counted (a file edited by hand).</summary>
    private static string Persons(IAnalysisBackend backend, string filter)
    {
        try
        {
            return Show.Number(SavedSegments.Persons(backend, filter));
        }
        catch (AnalysisException e)
        {
            return e.Message;
        }
    }
}
