using System.Security.Claims;
using System.Xml.Linq;
using JourneyLens.Application.Analyses;
using JourneyLens.Application.Backends;
using JourneyLens.Application.Registry;
using JourneyLens.Storage;
using JourneyLens.Storage.Access;
using JourneyLens.Storage.Inbox;
using JourneyLens.Storage.Maps;
using JourneyLens.Web.Api;
using JourneyLens.Web.Hosting;
using JourneyLens.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static JourneyLens.Rendering.Html.HtmlPage;

namespace JourneyLens.Web.Pages;

/// <summary>The overview (the first page) and signing in with a key on a server that needs one.</summary>
public static class HomePages
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext context, WebSettings settings, IBackendProvider backends) => Overview(context, settings, backends)).RequireAuthorization(Access.Read).ExcludeFromDescription();
        app.MapGet("/signin", (HttpContext context) => SignInPage(context, null)).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/signin", (HttpContext context, WebSettings s) => SignIn(context, s)).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
    }

    private static IResult Overview(HttpContext context, WebSettings settings, IBackendProvider backends)
    {
        var stats = AnalysisRegistry.Find("stats")!;
        if (AnalysisPages.Touchpoints(backends) is null)
        {
            return Layout.Page("Overview", "/", Layout.Empty());
        }

        var outcome = Answering.Run(backends, stats, () => QueryValues.Read(stats, context.Request.Query, null, backends.Segments));
        using var workspace = Workspace.Open(settings.Workspace, create: false, settings.Clock);
        var maps = MapStore.List(workspace);
        var (batches, messages, oldest) = EventInbox.Waiting(workspace);
        var waited = oldest is { } at ? settings.Clock.GetUtcNow() - at : TimeSpan.Zero;
        return Layout.Page("Overview", "/",
            OptionForm.Render(stats.Parameters, context.Request.Query, [], "Show", FilterAids.Of(backends)),
            E("section", new XAttribute("class", "cards"),
                Card("Journey maps", maps.Count == 0 ? E("a", new XAttribute("href", "/maps/new"), "Start a map") : E("ul", maps.Select(m => E("li", E("a", new XAttribute("href", $"/maps/{Uri.EscapeDataString(m.Id)}"), m.Id))))),
                Card("Where to look", E("ul",
                    E("li", E("a", new XAttribute("href", "/paths?end=" + Uri.EscapeDataString("Called contact centre")), "What did customers do before they called?")),
                    E("li", E("a", new XAttribute("href", "/painpoints"), "Pain points ranked by customers × severity")),
                    E("li", E("a", new XAttribute("href", "/lowpoints"), "Low points of the experience")))),
                Card("Receiving events", E("p", messages == 0 ? "Nothing waiting to be imported."
                    : $"{messages:N0} messages in {batches:N0} batches waiting, the oldest for {Core.Analyses.DurationText.Format(Math.Max(0, waited.TotalSeconds))}."))),
            Headline(context, backends),
            AnalysisPages.Result(outcome));
    }

    /// <summary>
    /// The overview's headline: persons and the NPS per week under the page's filters, with the dated changes — the
    /// Trends page's picture, leading there. The NPS panel is left out when no one answered.
    /// </summary>
    private static XElement? Headline(HttpContext context, IBackendProvider backends)
    {
        var trend = AnalysisRegistry.Find("trend")!;
        var query = new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>(
            context.Request.Query.Where(q => Application.Scopes.ScopeParameters.Common.Any(p => p.Name == q.Key)))
        {
            ["metric"] = "nps",
            ["every"] = "week",
        };
        var outcome = Answering.Run(backends, trend, () => QueryValues.Read(trend, new QueryCollection(query), null, backends.Segments));
        if (outcome.Answer?.Result is not TrendAnswer answer || answer.Periods.Count == 0)
        {
            return null;
        }

        var answered = answer.Periods.Any(p => p.Values.Any(v => v.N > 0));
        var shown = answered ? answer : answer with { Periods = [.. answer.Periods.Select(p => p with { Values = [] })] };
        var link = "/trend" + QueryString.Create(query.Where(q => q.Key != "every").SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v))));
        return E("section", new XAttribute("class", "headline"),
            E("h2", answered ? "Persons and NPS per week" : "Persons per week"),
            Picture(TrendAnalysis.Chart(shown)),
            E("p", E("a", new XAttribute("href", link), "Follow any metric over time in Trends")));
    }

    private static XElement Card(string title, object content) => E("div", new XAttribute("class", "card"), E("h2", title), content);

    private static IResult SignInPage(HttpContext context, string? error) =>
        Layout.Page("Sign in", "",
            error is null ? Layout.Message("This server needs a key. Paste a read or admin key (journeylens keys create NAME --scope read).", alert: false) : Layout.Message(error),
            E("form", new XAttribute("method", "post"), new XAttribute("action", "/signin"), new XAttribute("class", "analysis"),
                Layout.Antiforgery(context),
                E("div", new XAttribute("class", "field"), E("label", new XAttribute("for", "f-key"), "key"),
                    E("input", new XAttribute("type", "password"), new XAttribute("name", "key"), new XAttribute("id", "f-key"), new XAttribute("autocomplete", "off"))),
                E("button", new XAttribute("type", "submit"), "Sign in")));

    private static async Task<IResult> SignIn(HttpContext context, WebSettings settings)
    {
        if (await FormPost.ReadAsync(context, settings.MaxFormBytes) is not { } form)
        {
            return FormPost.TooLarge(settings.MaxFormBytes);
        }

        using var workspace = Workspace.Open(settings.Workspace, create: true, settings.Clock);
        var key = ApiKeys.Verify(workspace, form["key"].ToString().Trim());
        if (key is null || key.Scope == KeyScope.Ingest)
        {
            return SignInPage(context, key is null ? "That key is unknown or revoked." : "An ingest key can only send events; sign in with a read or admin key.");
        }

        var principal = KeyAuthentication.Principal(key.Name, key.Scope);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(new ClaimsIdentity(principal.Claims, CookieAuthenticationDefaults.AuthenticationScheme)));
        return Results.Redirect("/");
    }
}
