using System.Net;
using System.Net.Http.Headers;
using System.Text;
using JourneyLens.Cli;
using JourneyLens.Storage;
using JourneyLens.Storage.Access;
using JourneyLens.Storage.Inbox;
using Microsoft.AspNetCore.Mvc.Testing;

namespace JourneyLens.Web.Tests;

/// <summary>Keys (hashed, scoped, revocable), sign-in for pages, antiforgery, rate limits, and refusing to serve the network without keys.</summary>
public sealed class SecurityTests(DemoWorkspace demo) : IClassFixture<DemoWorkspace>
{
    private static HttpRequestMessage Request(HttpMethod method, string url, string? key, string? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return request;
    }

    private const string OneEvent = "{\"messageId\": \"sec-1\", \"userId\": \"u1\", \"event\": \"Opened app\", \"channel\": \"app\", \"timestamp\": \"2025-03-01T10:00:00Z\"}";

    [Fact]
    public async Task Keys_are_required_checked_by_scope_and_stop_working_when_revoked()
    {
        using var temp = new Testing.TempFolder();
        var ws = temp.File("ws");
        string ingest, read, admin;
        using (var workspace = Workspace.Open(ws, create: true))
        {
            (ingest, read, admin) = (ApiKeys.Create(workspace, "shop", KeyScope.Ingest), ApiKeys.Create(workspace, "analyst", KeyScope.Read), ApiKeys.Create(workspace, "me", KeyScope.Admin));
        }

        await using var web = WebFactory.For(ws, requireKeys: true);
        using var client = web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        async Task<HttpStatusCode> Status(HttpMethod method, string url, string? key, string? body = null) => (await client.SendAsync(Request(method, url, key, body))).StatusCode;

        (await Status(HttpMethod.Post, "/api/events", null, OneEvent)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Status(HttpMethod.Post, "/api/events", "jl_not-a-key", OneEvent)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Status(HttpMethod.Post, "/api/events", read, OneEvent)).ShouldBe(HttpStatusCode.Forbidden);
        (await Status(HttpMethod.Get, "/api/stats", ingest)).ShouldBe(HttpStatusCode.Forbidden);
        (await Status(HttpMethod.Post, "/api/events", ingest, OneEvent)).ShouldBe(HttpStatusCode.Accepted);
        (await Status(HttpMethod.Post, "/api/events", admin, OneEvent)).ShouldBe(HttpStatusCode.Accepted);
        await web.ImportReceived();
        (await Status(HttpMethod.Get, "/api/stats", read)).ShouldBe(HttpStatusCode.OK);
        var unauthorized = await client.SendAsync(Request(HttpMethod.Get, "/api/stats", null));
        unauthorized.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        // Pages send people to sign in; with a key they get a session.
        var page = await client.GetAsync("/");
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().ShouldContain("/signin");

        using (var workspace = Workspace.Open(ws, create: false))
        {
            ApiKeys.Revoke(workspace, "shop").ShouldBeTrue();
            ApiKeys.List(workspace).Single(k => k.Name == "shop").Revoked.ShouldNotBeNull();
        }

        (await Status(HttpMethod.Post, "/api/events", ingest, OneEvent)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_reader_sees_maps_and_personas_without_the_editing_and_cannot_change_them()
    {
        string read, admin;
        using (var workspace = Workspace.Open(demo.Path, create: false))
        {
            (read, admin) = (ApiKeys.Create(workspace, $"reader-{Guid.NewGuid():N}", KeyScope.Read), ApiKeys.Create(workspace, $"admin-{Guid.NewGuid():N}", KeyScope.Admin));
        }

        await using var web = WebFactory.For(demo.Path, requireKeys: true);
        using var client = web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        async Task<HttpResponseMessage> Get(string url, string key) => await client.SendAsync(Request(HttpMethod.Get, url, key));

        var asReader = await (await Get("/maps/airline-door-to-door", read)).Content.ReadAsStringAsync();
        asReader.ShouldContain("Figures as JSON");
        asReader.ShouldNotContain("edit-link");
        asReader.ShouldNotContain("Title, persona and phases");
        var asAdmin = await (await Get("/maps/airline-door-to-door", admin)).Content.ReadAsStringAsync();
        asAdmin.ShouldContain("edit-link");
        (await Get("/personas", read)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Get("/maps/new", read)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Get("/maps/airline-door-to-door/about", read)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var save = Request(HttpMethod.Post, "/personas", read);
        save.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "x", ["segment"] = "channel = 'web'" });
        (await client.SendAsync(save)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Revoking_a_key_ends_the_browser_sessions_signed_in_with_it()
    {
        using var temp = new Testing.TempFolder();
        var ws = temp.File("ws");
        string admin;
        using (var workspace = Workspace.Open(ws, create: true))
        {
            admin = ApiKeys.Create(workspace, "me", KeyScope.Admin);
        }

        await using var web = WebFactory.For(ws, requireKeys: true);
        using var client = web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await client.GetStringAsync("/signin");
        var token = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(form).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var signIn = await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = admin, ["__RequestVerificationToken"] = token }));
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetAsync("/import")).StatusCode.ShouldBe(HttpStatusCode.OK);

        using (var workspace = Workspace.Open(ws, create: false))
        {
            ApiKeys.Revoke(workspace, "me").ShouldBeTrue();
        }

        var after = await client.GetAsync("/import");
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        after.Headers.Location!.ToString().ShouldContain("/signin");
        (await client.PostAsync("/api/events", new StringContent(OneEvent, Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("GET", "/api/stats")]
    [InlineData("GET", "/")]
    [InlineData("POST", "/api/events")]
    public async Task A_request_addressed_to_another_host_name_gets_nothing(string method, string url)
    {
        await using var web = WebFactory.For(demo.Path);
        using var client = web.CreateClient();
        var request = Request(new HttpMethod(method), url, null, method == "POST" ? OneEvent : null);
        request.Headers.Host = "evil.example";

        var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("persons");
        foreach (var host in new[] { "localhost:5080", "127.0.0.1", "[::1]:5080" })
        {
            var fine = Request(HttpMethod.Get, "/api/stats", null);
            fine.Headers.Host = host;
            (await client.SendAsync(fine)).StatusCode.ShouldBe(HttpStatusCode.OK, host);
        }
    }

    [Fact]
    public void Keys_are_stored_only_as_hashes_and_listed_without_them()
    {
        using var temp = new Testing.TempFolder();
        var ws = temp.File("ws");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        CliApp.Run(["keys", "create", "shop", "--scope", "ingest", "-w", ws], stdout, stderr).ShouldBe(0);
        var key = stdout.ToString().Trim();
        key.ShouldStartWith(ApiKeys.Prefix);

        File.ReadAllBytes(Path.Combine(ws, Workspace.DatabaseFile)).AsSpan().IndexOf(Encoding.UTF8.GetBytes(key)).ShouldBe(-1);
        using var list = new StringWriter();
        CliApp.Run(["keys", "list", "-w", ws], list, stderr).ShouldBe(0);
        list.ToString().ShouldContain("shop");
        list.ToString().ShouldContain("ingest");
        list.ToString().ShouldNotContain(key[3..]);
        using var workspace = Workspace.Open(ws, create: false);
        ApiKeys.Verify(workspace, key)!.Scope.ShouldBe(KeyScope.Ingest);
        ApiKeys.Verify(workspace, key + "x").ShouldBeNull();
    }

    [Fact]
    public void Serving_beyond_loopback_without_a_key_refuses_to_start()
    {
        using var temp = new Testing.TempFolder();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = CliApp.Run(["serve", "--url", "http://0.0.0.0:5098", "-w", temp.File("ws")], stdout, stderr);

        code.ShouldBe(2);
        stderr.ToString().ShouldContain("every request needs a key");
        stderr.ToString().ShouldContain("journeylens keys create");
    }

    [Fact]
    public async Task Forms_without_an_antiforgery_token_are_refused()
    {
        await using var web = WebFactory.For(demo.Path);
        using var client = web.CreateClient();

        var response = await client.PostAsync("/maps/edit", new FormUrlEncodedContent(new Dictionary<string, string> { ["yaml"] = "id: x", ["action"] = "save" }));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("antiforgery");
    }

    [Fact]
    public async Task Too_many_requests_are_limited_with_429()
    {
        await using var web = WebFactory.For(demo.Path, requestsPerSecond: 3);
        using var client = web.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await client.GetAsync("/api/stats")).StatusCode);
        }

        statuses.ShouldContain(HttpStatusCode.TooManyRequests);
        statuses.Take(3).ShouldAllBe(s => s == HttpStatusCode.OK);
    }

    [Fact]
    public async Task Pages_escape_user_text()
    {
        await using var web = WebFactory.For(demo.Path);
        using var client = web.CreateClient();

        var html = await client.GetStringAsync("/paths?start=%3Cscript%3Ealert(1)%3C%2Fscript%3E");

        html.ShouldNotContain("<script>alert(1)</script>");
        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    [Fact]
    public async Task A_saved_segment_shows_its_text_escaped_and_saving_never_redirects_off_the_site()
    {
        await using var web = WebFactory.For(demo.Path);
        using var client = web.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await client.GetStringAsync("/segments");
        var token = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(form).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        async Task<HttpResponseMessage> Save(string name, string filter, string description, string back) =>
            await client.PostAsync("/segments", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["name"] = name, ["filter"] = filter, ["description"] = description, ["return"] = back, ["__RequestVerificationToken"] = token,
            }));

        var saved = await Save("hostile", "touchpoint = '<script>alert(1)</script>'", "<img src=x onerror=alert(2)>", "//evil.example/paths");
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        saved.Headers.Location!.ToString().ShouldBe("/segments");
        (await Save("back", "channel = 'web'", "", "/paths?top=5")).Headers.Location!.ToString().ShouldBe("/paths?top=5&segment=@back");

        var html = await client.GetStringAsync("/segments");
        html.ShouldNotContain("<script>alert(1)</script>");
        html.ShouldNotContain("<img src=x");
        html.ShouldContain("&lt;img src=x onerror=alert(2)&gt;");

        var refused = await Save("<b>", "channel = 'web'", "", "/");
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("segment name '&lt;b&gt;'");
    }
}
