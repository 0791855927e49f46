using System.Xml.Linq;
using JourneyLens.Rendering.Html;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static JourneyLens.Rendering.Html.HtmlPage;

namespace JourneyLens.Web.Pages;

/// <summary>
/// The frame of every page: navigation, title, content. Built with <see cref="XElement"/>, so every text from users
/// and data is escaped by the writer; scripts and styles come from /assets (same origin, no inline script).
/// </summary>
public static class Layout
{
    public static readonly (string Href, string Label)[] Navigation =
    [
        ("/", "Overview"), ("/trend", "Trends"), ("/paths", "Paths"), ("/funnel", "Funnel"), ("/process-map", "Process map"), ("/variants", "Variants"),
        ("/scores", "Scores"), ("/lowpoints", "Low points"), ("/switching", "Switching"), ("/attribution", "Decisive touchpoints"),
        ("/handoffs", "Hand-offs"), ("/consistency", "Consistency"), ("/compare", "Compare"), ("/measurements", "Measurements"),
        ("/maps", "Journey maps"), ("/personas", "Personas"), ("/painpoints", "Pain points"), ("/opportunities", "Opportunities"), ("/segments", "Segments"), ("/views", "Dashboards"), ("/import", "Import"),
    ];

    public static IResult Page(string title, string active, params object?[] content) =>
        Results.Content(Render(title, active, content), "text/html; charset=utf-8");

    public static string Render(string title, string active, params object?[] content) =>
        "<!DOCTYPE html>" + E("html", new XAttribute("lang", "en"),
            E("head",
                E("meta", new XAttribute("charset", "utf-8")),
                E("meta", new XAttribute("name", "viewport"), new XAttribute("content", "width=device-width, initial-scale=1")),
                E("title", $"{title} · JourneyLens"),
                E("link", new XAttribute("rel", "stylesheet"), new XAttribute("href", "/assets/app.css")),
                E("script", new XAttribute("src", "/assets/app.js"), new XAttribute("defer", "defer"))),
            E("body",
                E("a", new XAttribute("class", "skip"), new XAttribute("href", "#content"), "Skip to content"),
                E("header",
                    E("a", new XAttribute("class", "brand"), new XAttribute("href", "/"), "JourneyLens"),
                    // Wide screens show the links; phones fold them into a menu.
                    Nav("wide", active),
                    E("details", new XAttribute("class", "menu"), E("summary", "Menu"), Nav("folded", active))),
                E("main", new XAttribute("id", "content"), new XAttribute("tabindex", "-1"), E("h1", title), content),
                E("div", new XAttribute("id", "working"), new XAttribute("role", "status"), new XAttribute("hidden", "hidden"), "Working…")))
            .ToString(SaveOptions.DisableFormatting);

    private static XElement Nav(string kind, string active) =>
        E("nav", new XAttribute("class", kind), new XAttribute("aria-label", "Analyses"), Navigation.Select(n =>
            E("a", new XAttribute("href", n.Href + (s_unfiltered.Contains(n.Href) ? "" : s_filters.Value)), n.Href == active ? new XAttribute("aria-current", "page") : null, n.Label)));

    /// <summary>The filters every analysis takes (date range, event filter, segment, journey gap), carried from page to page.</summary>
    private static readonly string[] s_filterNames = [.. Application.Scopes.ScopeParameters.Common.Select(p => p.Name)];

    /// <summary>Pages that take no filters: a link there carries none.</summary>
    private static readonly HashSet<string> s_unfiltered = ["/maps", "/measurements", "/import", "/views"];

    private static readonly AsyncLocal<string?> s_filters = new();

    /// <summary>
    /// Remembers this request's filters, so that the navigation of the page it renders carries them to the next page:
    /// a segment and date range chosen once follow the user (the filter state lives in the URL).
    /// </summary>
    public static void CarryFilters(IQueryCollection query)
    {
        var kept = s_filterNames.Where(name => query[name].ToString().Trim().Length is > 0 and <= 2_000)
            .Select(name => $"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(query[name].ToString().Trim())}").ToList();
        s_filters.Value = kept.Count == 0 ? null : "?" + string.Join("&", kept);
    }

    /// <summary>An error or notice box; <paramref name="alert"/> marks it for screen readers as an error.</summary>
    public static XElement Message(string text, bool alert = true) =>
        E("p", new XAttribute("class", alert ? "error" : "notice"), alert ? new XAttribute("role", "alert") : null, text);

    /// <summary>The page for a workspace with no events yet: what to do next.</summary>
    public static XElement Empty() =>
        E("section", new XAttribute("class", "empty"),
            E("h2", "No data yet"),
            E("p", "This workspace has no events. ", E("a", new XAttribute("href", "/import"), "Import a file"),
                " (CSV, JSON lines or XES), send events to POST /api/events, or run ", E("code", "journeylens demo"), " for a generated airline data set."));

    /// <summary>A hidden field with the antiforgery token: every form that changes something carries one.</summary>
    public static XElement Antiforgery(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return E("input", new XAttribute("type", "hidden"), new XAttribute("name", tokens.FormFieldName), new XAttribute("value", tokens.RequestToken ?? ""));
    }

    /// <summary>An HTML fragment printed by a command (already escaped there), as elements of this page.</summary>
    public static XElement Fragment(string html) => XElement.Parse(html, LoadOptions.None);
}
