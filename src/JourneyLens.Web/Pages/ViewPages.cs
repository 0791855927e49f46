using System.Xml.Linq;
using JourneyLens.Application.Backends;
using JourneyLens.Application.Parameters;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Saved;
using JourneyLens.Core.Errors;
using JourneyLens.Rendering.Tables;
using JourneyLens.Web.Api;
using JourneyLens.Web.Hosting;
using JourneyLens.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using static JourneyLens.Rendering.Html.HtmlPage;

namespace JourneyLens.Web.Pages;

/// <summary>
/// Saved views and dashboards: any analysis page saved with its options under a name (and pinned to dashboards);
/// <c>/views</c> lists them; <c>/dashboards/{name}</c> shows its views' pictures side by side, all under the date
/// range and segment chosen on the dashboard, which replace the views' own. The address of every page is its share link.
/// </summary>
public static class ViewPages
{
    /// <summary>The filters a dashboard lays over its views.</summary>
    private static readonly string[] s_overlaid = ["from", "to", "segment", "where", "journey-gap"];

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/views", (HttpContext context, IBackendProvider backends) => List(context, backends, null, null)).RequireAuthorization(Access.Read).ExcludeFromDescription();
        app.MapPost("/views", Save).RequireAuthorization(Access.Read).ExcludeFromDescription().DisableAntiforgery();
        app.MapPost("/views/delete", Delete).RequireAuthorization(Access.Read).ExcludeFromDescription().DisableAntiforgery();
        app.MapGet("/dashboards", (HttpContext context, IBackendProvider backends) => List(context, backends, null, null)).RequireAuthorization(Access.Read).ExcludeFromDescription();
        app.MapGet("/dashboards/{name}", Dashboard).RequireAuthorization(Access.Read).ExcludeFromDescription();
    }

    /// <summary>Under a result: save this page's analysis and options as a view, optionally pinned to a dashboard; copy its link.</summary>
    public static XElement SaveForm(HttpContext context, string analysis, string queryString, SavedViews views) =>
        E("form", new XAttribute("method", "post"), new XAttribute("action", "/views"), new XAttribute("class", "save-view"),
            Layout.Antiforgery(context),
            E("input", new XAttribute("type", "hidden"), new XAttribute("name", "analysis"), new XAttribute("value", analysis)),
            E("input", new XAttribute("type", "hidden"), new XAttribute("name", "query"), new XAttribute("value", queryString)),
            E("fieldset", E("legend", "Keep this result"),
                E("div", new XAttribute("class", "field"), E("label", new XAttribute("for", "v-name"), "view name"),
                    E("input", new XAttribute("type", "text"), new XAttribute("id", "v-name"), new XAttribute("name", "name"), new XAttribute("required", "required"), new XAttribute("maxlength", SavedName.MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture)))),
                E("div", new XAttribute("class", "field"), E("label", new XAttribute("for", "v-dashboard"), "pin to dashboard (optional)"),
                    E("input", new XAttribute("type", "text"), new XAttribute("id", "v-dashboard"), new XAttribute("name", "dashboard"), new XAttribute("list", "dashboards")),
                    E("datalist", new XAttribute("id", "dashboards"), views.Dashboards().Select(d => E("option", new XAttribute("value", d.Dashboard))))),
                E("button", new XAttribute("type", "submit"), "Save view"),
                E("button", new XAttribute("type", "button"), new XAttribute("data-copy-link", ""), "Copy link"),
                E("output", new XAttribute("id", "copied"), new XAttribute("aria-live", "polite"))));

    private static async Task<IResult> Save(HttpContext context, IBackendProvider backends, WebSettings settings)
    {
        if (await FormPost.ReadAsync(context, settings.MaxFormBytes) is not { } form)
        {
            return FormPost.TooLarge(settings.MaxFormBytes);
        }

        var (name, analysis, query) = (form["name"].ToString().Trim(), form["analysis"].ToString(), form["query"].ToString());
        try
        {
            // The options are checked as the page would read them: a view that cannot run is not saved.
            if (AnalysisRegistry.Find(analysis) is { } found)
            {
                QueryValues.Read(found, new QueryCollection(QueryHelpers.ParseQuery(query)), null, backends.Segments);
            }

            var dashboards = form["dashboard"].Select(d => d ?? "").ToList();
            var view = backends.Views.Save(name, analysis, query, dashboards, settings.Clock.GetUtcNow());
            return Results.Redirect(view.Dashboards.Count > 0 ? "/dashboards/" + Uri.EscapeDataString(view.Dashboards[0]) : "/views");
        }
        catch (RequestException e)
        {
            return List(context, backends, e.Message, StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<IResult> Delete(HttpContext context, IBackendProvider backends, WebSettings settings)
    {
        if (await FormPost.ReadAsync(context, settings.MaxFormBytes) is not { } form)
        {
            return FormPost.TooLarge(settings.MaxFormBytes);
        }

        var name = form["name"].ToString();
        return backends.Views.Delete(name) ? Results.Redirect("/views") : List(context, backends, $"There is no saved view named '{name}'.", StatusCodes.Status404NotFound);
    }

    /// <summary>The saved views, and the dashboards they make.</summary>
    private static IResult List(HttpContext context, IBackendProvider backends, string? problem, int? status)
    {
        var views = backends.Views.All();
        var dashboards = backends.Views.Dashboards();
        var page = Layout.Render("Views and dashboards", "/views",
            E("p", new XAttribute("class", "meta"), "Save any analysis with its options from its page (Keep this result), and pin it to a dashboard. The address of every page is its share link."),
            problem is null ? null : Layout.Message(problem),
            E("h2", "Dashboards"),
            dashboards.Count == 0 ? Layout.Message("No dashboard yet: pin a view to one when you save it.", alert: false)
                : E("ul", dashboards.Select(d => E("li", E("a", new XAttribute("href", "/dashboards/" + Uri.EscapeDataString(d.Dashboard)), d.Dashboard), $" — {d.Views.Count} view(s)"))),
            E("h2", "Saved views"),
            views.Count == 0 ? Layout.Message("No view is saved yet.", alert: false)
                : E("table",
                    E("thead", E("tr", E("th", new XAttribute("scope", "col"), "view"), E("th", new XAttribute("scope", "col"), "analysis"),
                        E("th", new XAttribute("scope", "col"), "options"), E("th", new XAttribute("scope", "col"), "dashboards"), E("th", new XAttribute("scope", "col"), "saved (UTC)"),
                        E("th", new XAttribute("scope", "col"), E("span", new XAttribute("class", "visually-hidden"), "delete")))),
                    E("tbody", views.Select(v => E("tr",
                        E("td", E("a", new XAttribute("href", v.Path), v.Name)),
                        E("td", AnalysisRegistry.Find(v.Analysis)?.Title ?? v.Analysis),
                        E("td", E("code", Uri.UnescapeDataString(v.Query.TrimStart('?').Replace('+', ' ')))),
                        E("td", v.Dashboards.Select((d, i) => new object[] { i == 0 ? "" : ", ", E("a", new XAttribute("href", "/dashboards/" + Uri.EscapeDataString(d)), d) })),
                        E("td", v.SavedUtc.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)),
                        E("td", E("form", new XAttribute("method", "post"), new XAttribute("action", "/views/delete"), new XAttribute("class", "inline"),
                            Layout.Antiforgery(context),
                            E("input", new XAttribute("type", "hidden"), new XAttribute("name", "name"), new XAttribute("value", v.Name)),
                            E("button", new XAttribute("type", "submit"), new XAttribute("aria-label", $"Delete view {v.Name}"), "Delete"))))))));
        return Results.Content(page, "text/html; charset=utf-8", statusCode: status ?? StatusCodes.Status200OK);
    }

    /// <summary>A dashboard: each pinned view run with the dashboard's filters laid over its own, its picture or first table shown.</summary>
    private static IResult Dashboard(HttpContext context, IBackendProvider backends, string name)
    {
        var views = backends.Views.Dashboards().FirstOrDefault(d => d.Dashboard == name).Views;
        if (views is null)
        {
            return WebServer.NotFound(context);
        }

        var overlay = s_overlaid.Where(f => context.Request.Query[f].ToString().Trim().Length > 0).ToDictionary(f => f, f => context.Request.Query[f].ToString().Trim());
        var filters = OptionForm.Render(Application.Scopes.ScopeParameters.Common, context.Request.Query, [], "Apply to every view", FilterAids.Of(backends));
        var cards = views.Select(v => Card(backends, v, overlay)).ToList();
        return Layout.Page($"Dashboard: {name}", "/views",
            E("p", new XAttribute("class", "meta"), $"{views.Count} view(s). A date range or segment chosen here replaces the views' own."),
            filters,
            E("div", new XAttribute("class", "cards dashboard"), cards));
    }

    private static XElement Card(IBackendProvider backends, SavedView view, IReadOnlyDictionary<string, string> overlay)
    {
        var query = QueryHelpers.ParseQuery(view.Query).Where(q => !overlay.ContainsKey(q.Key)).SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Concat(overlay.Select(o => new KeyValuePair<string, string?>(o.Key, o.Value))).ToList();
        var queryString = QueryHelpers.AddQueryString("", query);
        var title = E("h2", E("a", new XAttribute("href", "/" + view.Analysis + queryString), view.Name));
        if (AnalysisRegistry.Find(view.Analysis) is not { } analysis)
        {
            return E("section", new XAttribute("class", "card"), title, Layout.Message($"'{view.Analysis}' is no longer an analysis."));
        }

        var outcome = Answering.Run(backends, analysis, () => QueryValues.Read(analysis, new QueryCollection(QueryHelpers.ParseQuery(queryString)), null, backends.Segments));
        if (outcome.Answer is not { } answer)
        {
            return E("section", new XAttribute("class", "card"), title, Layout.Message(outcome.Detail));
        }

        // The picture when there is one, else the first table's first rows: a dashboard is for a glance; the title leads to all.
        var svg = answer.Picture?.Invoke();
        var first = answer.Tables.FirstOrDefault();
        var tables = svg is not null || first is null ? [] : new[] { first with { Rows = [.. first.Rows.Take(10)] } };
        return E("section", new XAttribute("class", "card"), title, E("p", new XAttribute("class", "meta"), analysis.Title),
            ResultFragment.Element(svg, tables));
    }
}
