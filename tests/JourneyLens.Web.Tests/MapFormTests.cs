using System.Net;
using AngleSharp.Html.Parser;
using JourneyLens.Maps.Yaml;
using JourneyLens.Storage;
using JourneyLens.Storage.Maps;

namespace JourneyLens.Web.Tests;

/// <summary>Form editing of a saved map's items: through the pages as a browser posts them (antiforgery, cookies), with the stored YAML checked after.</summary>
public sealed class MapFormTests(DemoWorkspace demo) : IClassFixture<DemoWorkspace>
{
    /// <summary>A copy of the airline map under its own id, so that each test edits its own map.</summary>
    private string Copy(string id)
    {
        using var workspace = Workspace.Open(demo.Path, create: false);
        var yaml = MapStore.Find(workspace, "airline-door-to-door")!.Yaml.Replace("id: airline-door-to-door", $"id: {id}", StringComparison.Ordinal);
        MapStore.Save(workspace, id, yaml);
        return yaml;
    }

    private string Stored(string id)
    {
        using var workspace = Workspace.Open(demo.Path, create: false);
        return MapStore.Find(workspace, id)!.Yaml;
    }

    /// <summary>Opens the form, changes the given fields (every other field posted as the form shows it) and submits with the button's action.</summary>
    private static async Task<HttpResponseMessage> Submit(HttpClient client, string formUrl, string action, Dictionary<string, string> changes)
    {
        var page = await client.GetStringAsync(formUrl);
        var document = new HtmlParser().ParseDocument(page);
        var form = document.QuerySelector("form.item-form")!;
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.QuerySelectorAll("input, textarea, select"))
        {
            var name = element.GetAttribute("name");
            if (name is null || (element.GetAttribute("type") == "checkbox" && element.GetAttribute("checked") is null && !changes.ContainsKey(name)))
            {
                continue;
            }

            var value = changes.TryGetValue(name, out var changed) ? changed
                : element.LocalName == "textarea" ? element.TextContent
                : element.LocalName == "select" ? element.QuerySelector("option[selected]")?.GetAttribute("value") ?? element.QuerySelector("option")?.GetAttribute("value") ?? ""
                : element.GetAttribute("value") ?? "";
            if (!(element.GetAttribute("type") == "checkbox" && value != "true"))
            {
                fields.Add(new(name, value));
            }
        }

        fields.Add(new("action", action));
        return await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task A_step_changed_in_its_form_is_saved_with_the_rest_of_the_text_as_written()
    {
        var before = Copy("form-step");
        await using var web = WebFactory.For(demo.Path);
        using var client = web.CreateClient(new() { AllowAutoRedirect = false });

        var form = await client.GetStringAsync("/maps/form-step/item?list=steps&item=book");
        form.ShouldContain("Books and pays");
        form.ShouldContain("Reservation system");

        var response = await Submit(client, "/maps/form-step/item?list=steps&item=book", "save",
            new() { ["f.title"] = "Books, pays <and> worries", ["f.emotion"] = "-2", ["f.thoughts"] = "Is this the final price?" });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldStartWith("/maps/form-step?saved=");
        var after = Stored("form-step");
        var step = MapReader.Read(after, "after").Steps.Single(s => s.Id == "book");
        (step.Title, step.Emotion!.Value, step.Thoughts.Single()).ShouldBe(("Books, pays <and> worries", -2, "Is this the final price?"));
        step.Lanes!.Backstage.ShouldBe("Reservation system");
        after.ShouldStartWith(before[..before.IndexOf("  - id: book", StringComparison.Ordinal)]);
        after.ShouldEndWith(before[before.IndexOf("  - id: pack", StringComparison.Ordinal)..]);

        (await client.GetStringAsync(response.Headers.Location!.ToString())).ShouldContain("Saved step 'book'.");
    }

    [Fact]
    public async Task Problems_are_shown_with_the_form_and_nothing_is_saved()
    {
        var before = Copy("form-problems");
        await using var web = WebFactory.For(demo.Path);
        using var client = web.CreateClient(new() { AllowAutoRedirect = false });

        var response = await Submit(client, "/maps/form-problems/item?list=steps&item=book", "save", new() { ["f.touchpoints"] = "Bookd flight\nPaid" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await response.Content.ReadAsStringAsync();
        page.ShouldContain("nothing was saved");
        page.ShouldContain("Booked flight"); // did you mean
        page.ShouldContain("Bookd flight"); // the form keeps what was typed
        Stored("form-problems").ShouldBe(before);

        // A step that pain points and opportunities point at cannot simply go.
        var delete = await Submit(client, "/maps/form-problems/item?list=steps&item=check-in", "delete", []);
        (await delete.Content.ReadAsStringAsync()).ShouldContain("nothing was saved");
        Stored("form-problems").ShouldBe(before);
    }

    [Fact]
    public async Task Items_are_added_and_deleted_and_a_stale_form_does_not_overwrite_a_newer_map()
    {
        Copy("form-add");
        await using var web = WebFactory.For(demo.Path);
        using var client = web.CreateClient(new() { AllowAutoRedirect = false });

        var added = await Submit(client, "/maps/form-add/item?list=pain_points", "save",
            new() { ["f.id"] = "seat-fee", ["f.step"] = "book", ["f.title"] = "Seats cost extra", ["f.severity"] = "4" });
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        MapReader.Read(Stored("form-add"), "m").PainPoints.Single(p => p.Id == "seat-fee").Severity.ShouldBe(4);

        var step = await Submit(client, "/maps/form-add/item?list=steps", "save",
            new() { ["f.id"] = "parking", ["f.phase"] = "check in", ["f.title"] = "Parks at the airport", ["after"] = "pack" });
        step.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var ids = MapReader.Read(Stored("form-add"), "m").Steps.Select(s => s.Id).ToList();
        ids[ids.IndexOf("pack") + 1].ShouldBe("parking");

        (await Submit(client, "/maps/form-add/item?list=pain_points&item=seat-fee", "delete", [])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        MapReader.Read(Stored("form-add"), "m").PainPoints.ShouldNotContain(p => p.Id == "seat-fee");

        // Opened, then the map changes underneath: the save is refused and the newer map stays.
        var stalePage = await client.GetStringAsync("/maps/form-add/item?list=steps&item=parking");
        var version = new HtmlParser().ParseDocument(stalePage).QuerySelector("input[name=version]")!.GetAttribute("value")!;
        var token = new HtmlParser().ParseDocument(stalePage).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        (await Submit(client, "/maps/form-add/item?list=steps&item=parking", "save", new() { ["f.title"] = "Parks, newer" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var stale = await client.PostAsync("/maps/form-add/item", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["list"] = "steps",
            ["item"] = "parking",
            ["version"] = version,
            ["action"] = "save",
            ["f.id"] = "parking",
            ["f.phase"] = "check in",
            ["f.title"] = "Parks, stale",
        }));
        (await stale.Content.ReadAsStringAsync()).ShouldContain("saved by someone else");
        MapReader.Read(Stored("form-add"), "m").Steps.Single(s => s.Id == "parking").Title.ShouldBe("Parks, newer");
    }

    [Fact]
    public async Task The_editor_lists_every_item_with_a_link_to_its_form_and_unknown_items_are_answered_plainly()
    {
        Copy("form-index");
        await using var web = WebFactory.For(demo.Path);
        using var client = web.CreateClient();

        var editor = new HtmlParser().ParseDocument(await client.GetStringAsync("/maps/form-index/edit"));
        var links = editor.QuerySelectorAll("#items a").Select(a => a.GetAttribute("href")).ToList();
        links.ShouldContain("/maps/form-index/item?list=steps&item=book");
        links.ShouldContain("/maps/form-index/item?list=pain_points");
        links.Count(l => l!.Contains("list=opportunities&item=", StringComparison.Ordinal)).ShouldBe(MapReader.Read(Stored("form-index"), "m").Opportunities.Count);

        (await client.GetStringAsync("/maps/form-index/item?list=steps&item=nope")).ShouldContain("has no step 'nope'");
        (await client.GetStringAsync("/maps/form-index/item?list=secrets")).ShouldContain("Unknown list");
    }

    [Fact]
    public async Task The_header_form_changes_the_persona_and_renames_a_phase_in_its_steps_keeping_the_other_lines()
    {
        var before = Copy("form-header");
        await using var web = WebFactory.For(demo.Path);
        using var client = web.CreateClient(new() { AllowAutoRedirect = false });

        var page = await client.GetStringAsync("/maps/form-header/about");
        var phases = new HtmlParser().ParseDocument(page).QuerySelector("#i-phases")!.TextContent;
        var response = await Submit(client, "/maps/form-header/about", "save",
            new() { ["f.actor.persona"] = "business", ["f.phases"] = phases.Replace("check in", "at the airport", StringComparison.Ordinal) });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldStartWith("/maps/form-header?saved=");
        var after = Stored("form-header");
        var map = MapReader.Read(after, "after");
        map.Actor.Persona.ShouldBe("business");
        map.Steps.Single(s => s.Id == "check-in").Phase.ShouldBe("at the airport");
        foreach (var comment in before.Split('\n').Where(l => l.TrimStart().StartsWith('#')))
        {
            after.ShouldContain(comment);
        }

        // Bound to the business travellers now, as the command line counts them.
        var persons = System.Text.Json.JsonDocument.Parse(demo.Cli("stats", "--segment", "prop.persona = 'business'", "-f", "json")).RootElement.GetProperty("persons").GetInt64();
        (await client.GetStringAsync("/maps/form-header")).ShouldContain($"of {persons:N0} persons who are Business traveller");
    }

    [Fact]
    public async Task A_new_map_from_the_form_is_refused_in_words_when_its_persona_or_title_is_missing()
    {
        await using var web = WebFactory.For(demo.Path);
        using var client = web.CreateClient(new() { AllowAutoRedirect = false });
        var form = new HtmlParser().ParseDocument(await client.GetStringAsync("/maps/new"));
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var refused = await client.PostAsync("/maps/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["title"] = "", ["template"] = "lifecycle", ["persona"] = "ghost", ["phases"] = "a\na",
        }));
        var said = await refused.Content.ReadAsStringAsync();
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        said.ShouldContain("title: give the map a title");
        said.ShouldContain("there is no persona 'ghost'");
        said.ShouldContain("phases: at most 20, each once");

        var made = await client.PostAsync("/maps/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["title"] = "Moving <house> \"fast\"", ["template"] = "blueprint", ["persona"] = "family", ["expectations"] = "Boxes arrive\nNo broken plates",
        }));
        made.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        made.Headers.Location!.ToString().ShouldBe("/maps/moving-house-fast?created=1");
        var map = MapReader.Read(Stored("moving-house-fast"), "m");
        (map.Title, map.Actor.Name, map.Actor.Persona).ShouldBe(("Moving <house> \"fast\"", "Family traveller", "family"));
        map.Scenario.Expectations.ShouldBe(["Boxes arrive", "No broken plates"]);
        var shown = await client.GetStringAsync("/maps/moving-house-fast?created=1");
        shown.ShouldContain("Map created.");
        shown.ShouldContain("Moving &lt;house&gt;");
    }
}
