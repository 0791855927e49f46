using System.Xml.Linq;
using JourneyLens.Application.Analyses;
using JourneyLens.Application.Backends;
using JourneyLens.Application.Registry;
using JourneyLens.Rendering.Tables;
using JourneyLens.Web.Api;
using JourneyLens.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static JourneyLens.Rendering.Html.HtmlPage;

namespace JourneyLens.Web.Pages;

/// <summary>
/// A page per analysis: its form (the registry's parameters, with the date range and segment filter bar) and its
/// result's picture and tables. Paths drill in from the Sankey, the funnel links to who dropped, and the
/// process map can be zoomed and its edges filtered.
/// </summary>
public static class AnalysisPages
{
    public static void Map(IEndpointRouteBuilder app)
    {
        foreach (var analysis in AnalysisRegistry.All.Where(a => a.Argument is null or { Many: true } && a.Name is not ("stats" or "maps")))
        {
            app.MapGet("/" + analysis.Name, (HttpContext context, IBackendProvider backends) => Show(context, backends, analysis, null)).RequireAuthorization(Access.Read).ExcludeFromDescription();
        }

        app.MapGet("/person", (HttpContext context, IBackendProvider backends) =>
        {
            var id = context.Request.Query["id"].ToString();
            var form = E("form", new XAttribute("method", "get"), new XAttribute("class", "analysis"),
                E("div", new XAttribute("class", "field"), E("label", new XAttribute("for", "f-id"), "id"),
                    E("input", new XAttribute("type", "text"), new XAttribute("name", "id"), new XAttribute("id", "f-id"), new XAttribute("value", id)),
                    E("small", "Any identifier of the person: a value, or type:value (e.g. email:ann@example.com)")),
                E("button", new XAttribute("type", "submit"), "Show"));
            if (id.Length == 0)
            {
                return Layout.Page("Person", "", form);
            }

            var person = AnalysisRegistry.Find("person")!;
            var outcome = Answering.Run(backends, person, () => QueryValues.Read(person, new QueryCollection(), id, backends.Segments));
            return Layout.Page("Person", "", form, Result(outcome));
        }).RequireAuthorization(Access.Read).ExcludeFromDescription();
    }

    public static IResult Show(HttpContext context, IBackendProvider backends, Analysis analysis, object? extra)
    {
        var href = "/" + analysis.Name;
        using var backend = backends.HasData ? backends.Open() : null;
        var touchpoints = backend is null ? null : Touchpoints(backend);
        if (touchpoints is null)
        {
            return Layout.Page(analysis.Title, href, Layout.Empty());
        }

        var query = context.Request.Query;
        var form = OptionForm.Render(analysis.Parameters, query, touchpoints, aids: FilterAids.Of(backend!, backends.Segments));
        var intro = E("p", new XAttribute("class", "meta"), analysis.Summary, " · ",
            E("a", new XAttribute("href", $"/api/{analysis.Name}{context.Request.QueryString}"), "this result as JSON"),
            query["segment"].ToString().Trim() is { Length: > 0 } segment && !segment.StartsWith('@')
                ? new object[] { " · ", E("a", new XAttribute("href", $"/segments?segment={Uri.EscapeDataString(segment)}&return={Uri.EscapeDataString(href + context.Request.QueryString)}"), "save this segment") }
                : null);
        if (analysis.NeedsInput && query.Count == 0)
        {
            return Layout.Page(analysis.Title, href, intro, form, Layout.Message("Choose the steps or the goal above, then Run.", alert: false), extra);
        }

        var outcome = Answering.Run(backend!, analysis, () => QueryValues.Read(analysis, query, null, backends.Segments));
        if (outcome.Answer is null)
        {
            return Layout.Page(analysis.Title, href, intro, form, Result(outcome));
        }

        var queryString = context.Request.QueryString.Value ?? "";
        return Layout.Page(analysis.Title, href, intro, form, Extras(analysis, query, queryString), extra,
            Result(outcome, analysis.Name, queryString), ViewPages.SaveForm(context, analysis.Name, queryString, backends.Views));
    }

    /// <summary>
    /// The same with download links: the picture as SVG or PNG, each table as CSV. The process map's page draws the
    /// interactive graph instead of the static picture, which stays a download: one graph, not two.
    /// </summary>
    private static XElement Result(Outcome outcome, string analysis, string queryString) =>
        outcome.Answer is not { } answer ? Layout.Message(outcome.Detail)
        : analysis == "process-map" && !answer.Grouped
            ? ResultFragment.Element(null, answer.Tables, Tools(analysis, queryString, null) with
            {
                Table = i => i == 0 ? new object[] { Downloads.PictureLinks(analysis, queryString), Downloads.TableLink(analysis, queryString, i) } : Downloads.TableLink(analysis, queryString, i),
            })
            : ResultFragment.Element(answer.Picture?.Invoke(), answer.Tables, Tools(analysis, queryString, Downloads.PictureLinks(analysis, queryString)));

    /// <summary>Rows a page shows of one table; the CSV download holds them all.</summary>
    public const int MaxRowsShown = 500;

    private static ResultFragment.WebTools Tools(string analysis, string queryString, object? picture) =>
        new(picture, i => Downloads.TableLink(analysis, queryString, i), PersonHref, MaxRowsShown) { DrillHref = (drill, value) => DrillHref(drill, value, queryString) };

    /// <summary>A drill column's link: its analysis' page with the value, the drill's own options and those of this page that it takes too.</summary>
    public static string DrillHref(Rendering.Tables.Drill drill, string value, string queryString)
    {
        var target = AnalysisRegistry.Find(drill.Analysis)!;
        var here = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(queryString);
        var pairs = here.Where(q => target.Parameters.Any(p => p.Name == q.Key) && q.Key != drill.Parameter && !drill.Fixed.ContainsKey(q.Key))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Concat(drill.Fixed.Select(f => new KeyValuePair<string, string?>(f.Key, f.Value)))
            .Append(new(drill.Parameter, value));
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/" + drill.Analysis, pairs);
    }

    /// <summary>A person's timeline page.</summary>
    public static string PersonHref(string person) => "/person?id=" + Uri.EscapeDataString(person);

    /// <summary>An answer as a piece of the page (its picture and tables), or the reason there is none.</summary>
    public static XElement Result(Outcome outcome) =>
        outcome.Answer is { } answer ? ResultFragment.Element(answer.Picture?.Invoke(), answer.Tables) : Layout.Message(outcome.Detail);

    /// <summary>The touchpoint names of the workspace, or null when it has no events yet.</summary>
    public static IReadOnlyList<string>? Touchpoints(IBackendProvider backends)
    {
        if (!backends.HasData)
        {
            return null;
        }

        using var backend = backends.Open();
        return Touchpoints(backend);
    }

    private static IReadOnlyList<string>? Touchpoints(IAnalysisBackend backend) =>
        backend.Answer(new TouchpointsQuery(Selection.All)) is { Count: > 0 } names ? names.Order(StringComparer.OrdinalIgnoreCase).ToList() : null;
    private static XElement? Extras(Analysis analysis, IQueryCollection query, string queryString) => analysis.Name switch
    {
        "opportunities" => E("p", new XAttribute("class", "links"), E("a", new XAttribute("href", "/opportunities/board" + queryString), "See them as a board by status")),
        "paths" => Layout.Message("Click a step in the Sankey for the paths that start or end there, or to hide it.", alert: false),
        "funnel" when query["step"].Count(s => !string.IsNullOrEmpty(s)) is var steps and >= 2 =>
            E("p", new XAttribute("class", "links"), "Who dropped: ",
                Enumerable.Range(2, steps - 1).Select(n => new object[]
                {
                    E("a", new XAttribute("href", "/funnel" + With(query, "dropped-at", n.ToString(System.Globalization.CultureInfo.InvariantCulture))), $"before step {n}"), " ",
                })),
        "process-map" => E("section", new XAttribute("class", "graph-box"),
            E("div", new XAttribute("class", "graph-tools"),
                E("fieldset", new XAttribute("class", "edge-label"), E("legend", "Edges show"),
                    Radio("edge-label", "frequency", "how often", true), Radio("edge-label", "mean", "mean time", false), Radio("edge-label", "median", "median time", false)),
                E("label", new XAttribute("for", "edge-filter"), "Edges with at least ", E("output", new XAttribute("id", "edge-filter-value"), "0"), " % of the busiest"),
                E("input", new XAttribute("type", "range"), new XAttribute("id", "edge-filter"), new XAttribute("min", "0"), new XAttribute("max", "100"), new XAttribute("value", "0")),
                E("button", new XAttribute("type", "button"), new XAttribute("data-zoom", "in"), "Zoom in"),
                E("button", new XAttribute("type", "button"), new XAttribute("data-zoom", "out"), "Zoom out"),
                E("button", new XAttribute("type", "button"), new XAttribute("data-zoom", "fit"), "Fit"),
                E("label", new XAttribute("for", "graph-find"), "Find a touchpoint"),
                E("input", new XAttribute("type", "search"), new XAttribute("id", "graph-find"), new XAttribute("list", OptionForm.TouchpointList), new XAttribute("maxlength", "200"),
                    new XAttribute("placeholder", "part of a name")),
                E("output", new XAttribute("id", "graph-found"), new XAttribute("aria-live", "polite"))),
            E("p", new XAttribute("class", "meta"), "Click a touchpoint for the paths that start there, an arrow for the funnel of its two steps and who dropped between them."),
            E("div", new XAttribute("id", "graph"), new XAttribute("data-src", "/api/process-map" + queryString))),
        _ => null,
    };

    private static XElement Radio(string name, string value, string label, bool chosen) =>
        E("label", E("input", new XAttribute("type", "radio"), new XAttribute("name", name), new XAttribute("value", value), chosen ? new XAttribute("checked", "checked") : null), " ", label);

    /// <summary>The current query with one parameter set.</summary>
    public static string With(IQueryCollection query, string key, string value) => With(query, (key, value));

    /// <summary>The current query with parameters set, or removed where the value is null; the others kept in order.</summary>
    public static string With(IQueryCollection query, params (string Key, string? Value)[] changes)
    {
        var pairs = query.Where(q => changes.All(c => c.Key != q.Key)).SelectMany(q => q.Value.Select(v => (q.Key, Value: v ?? "")))
            .Concat(changes.Where(c => c.Value is not null).Select(c => (c.Key, Value: c.Value!)));
        return "?" + string.Join("&", pairs.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
    }
}
