using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using JourneyLens.Application.Registry;
using JourneyLens.Web.Api;

namespace JourneyLens.Web.Tests;

/// <summary>Every analysis endpoint answers with exactly what the command prints in JSON, and bad input with a 400 problem.</summary>
public sealed class AnalysisApiTests(DemoWorkspace demo) : IClassFixture<DemoWorkspace>
{
    /// <summary>A query each analysis can answer on the airline demo.</summary>
    public static readonly IReadOnlyDictionary<string, string> Queries = new Dictionary<string, string>
    {
        ["funnel"] = "step=Searched%20flights&step=Booked%20flight&window=7d",
        ["attribution"] = "goal=Booked%20flight",
        ["consistency"] = "task=Searched%20flights%3EBooked%20flight",
        ["compare"] = "metric=nps&baseline-to=2025-04-01&current-from=2025-04-01",
        ["paths"] = "top=5&end=Called%20contact%20centre",
        ["scores"] = "from=2025-02-01&segment=channel%20%3D%20%27app%27",
        ["values"] = "top=2&segment=channel%20%3D%20%27app%27",
        ["pain-persons"] = "pain=slow-belt&map=airline-door-to-door",
    };

    [Fact]
    public async Task Every_pain_point_drills_to_as_many_customers_as_it_counts_and_the_page_links_them()
    {
        await using var web = WebFactory.For(demo.Path);
        using var client = web.CreateClient();
        foreach (var map in new[] { "", "&map=airline-door-to-door" })
        {
            var pains = JsonNode.Parse(await client.GetStringAsync($"/api/painpoints?long-wait=30m{map}"))!;
            var list = (map.Length == 0 ? pains["pains"] : pains["pains"])!.AsArray();
            list.Count.ShouldBeGreaterThan(0);
            foreach (var pain in list)
            {
                var id = (pain!["id"] ?? pain["key"])!.GetValue<string>();
                var answer = JsonNode.Parse(await client.GetStringAsync($"/api/pain-persons?long-wait=30m{map}&pain={Uri.EscapeDataString(id)}"))!;
                var persons = answer["persons"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
                persons.Count.ShouldBe(pain["customers_affected"]!.GetValue<int>(), id);
                persons.ShouldBeUnique(id);
            }
        }

        // The pain points page links each to its customers, under the page's own filters.
        var page = await client.GetStringAsync("/painpoints?map=airline-door-to-door&segment=channel+%3D+%27app%27");
        page.ShouldContain("/pain-persons?segment=channel%20%3D%20%27app%27&amp;map=airline-door-to-door&amp;pain=slow-belt");
        var who = await client.GetStringAsync("/pain-persons?map=airline-door-to-door&pain=slow-belt");
        who.ShouldContain("/person?id=customer_id%3A");
    }

    public static TheoryData<string> Slugs => new(AnalysisRegistry.All.Select(a => a.Name));

    [Theory]
    [MemberData(nameof(Slugs))]
    public async Task Every_analysis_endpoint_returns_the_json_of_its_command(string slug)
    {
        var analysis = AnalysisRegistry.Find(slug)!;
        var argument = analysis.Argument?.Name switch { "map" => "airline-door-to-door", "id" => "anon-1-1", "field" => "prop.persona", _ => null };
        var query = Queries.GetValueOrDefault(slug, "");
        await using var web = WebFactory.For(demo.Path);
        using var client = web.CreateClient();

        var response = await client.GetAsync($"/api/{slug}{(argument is null ? "" : "/" + argument)}?{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var args = analysis.Command.Concat(argument is null ? [] : [argument])
            .Concat(Uri.UnescapeDataString(query).Split('&', StringSplitOptions.RemoveEmptyEntries).SelectMany(p => p.Split('=', 2) is [var k, var v] ? new[] { "--" + k, v } : []))
            .Concat(["--format", "json"]).ToArray();
        var fromCli = JsonNode.Parse(demo.Cli(args));
        var fromApi = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        JsonNode.DeepEquals(fromApi, fromCli).ShouldBeTrue($"GET /api/{slug} differs from journeylens {string.Join(' ', args)}");
    }

    [Theory]
    [InlineData("/api/paths?bogus=1", "unknown parameter 'bogus'")]
    [InlineData("/api/paths?top=many", "top")]
    [InlineData("/api/variants?top=0", "--top 0")]
    [InlineData("/api/funnel?step=No%20such%20touchpoint&step=Booked%20flight", "No such touchpoint")]
    [InlineData("/api/map-bind/not-saved", "no saved map 'not-saved'")]
    [InlineData("/api/painpoints?map=%2Fetc%2Fpasswd", "no saved map '/etc/passwd'")]
    [InlineData("/api/person/nobody-at-all", "nobody-at-all")]
    [InlineData("/api/scores?from=yesterday", "yyyy-MM-dd")]
    public async Task Bad_parameters_answer_400_problem_details_with_the_reason(string url, string reason)
    {
        await using var web = WebFactory.For(demo.Path);
        using var client = web.CreateClient();

        var response = await client.GetAsync(url);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe(400);
        problem.GetProperty("detail").GetString()!.ShouldContain(reason);
    }

    [Fact]
    public async Task A_workspace_without_data_answers_404()
    {
        using var empty = new Testing.TempFolder();
        await using var web = WebFactory.For(empty.File("none"));
        using var client = web.CreateClient();

        var response = await client.GetAsync("/api/stats");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task An_unknown_address_answers_404_a_page_for_people_and_a_problem_for_the_api()
    {
        await using var web = WebFactory.For(demo.Path);
        using var client = web.CreateClient();

        var page = await client.GetAsync("/no-such-page?x=<script>");
        var api = await client.GetAsync("/api/no-such-analysis");

        page.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("Page not found");
        html.ShouldContain("<a href=\"/\">Back to the overview</a>");
        html.ShouldNotContain("<script>");
        api.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        api.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await api.Content.ReadAsStringAsync()).ShouldContain("/openapi/v1.json");
    }

    [Fact]
    public async Task The_openapi_document_describes_events_and_every_analysis_with_its_options()
    {
        await using var web = WebFactory.For(demo.Path);
        using var client = web.CreateClient();

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;

        var paths = document["paths"]!.AsObject();
        paths.ShouldContainKey("/api/events");
        foreach (var analysis in AnalysisRegistry.All)
        {
            paths.ShouldContainKey(AnalysisEndpoints.Route(analysis));
        }

        var funnel = paths["/api/funnel"]!["get"]!["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        funnel.ShouldContain("step");
        funnel.ShouldContain("window");
        funnel.ShouldContain("segment");
        funnel.ShouldNotContain("workspace");
        funnel.ShouldNotContain("format");
    }

    [Fact]
    public async Task The_openapi_parameters_are_typed_integers_numbers_enums_dates_and_repeated_values()
    {
        await using var web = WebFactory.For(demo.Path);
        using var client = web.CreateClient();

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;

        JsonNode Schema(string path, string name) =>
            document["paths"]![path]!["get"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == name)!["schema"]!;
        Schema("/api/variants", "top")["type"]!.GetValue<string>().ShouldBe("integer");
        Schema("/api/variants", "top")["default"]!.GetValue<int>().ShouldBe(20);
        Schema("/api/paths", "min-share")["type"]!.GetValue<string>().ShouldBe("number");
        Schema("/api/funnel", "step")["type"]!.GetValue<string>().ShouldBe("array");
        Schema("/api/funnel", "order")["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldBe(["ordered", "strict", "any"]);
        Schema("/api/funnel", "from")["format"]!.GetValue<string>().ShouldBe("date");
        Schema("/api/compare", "aa")["type"]!.GetValue<string>().ShouldBe("boolean");
        document["paths"]!["/api/person/{id}"]!["get"]!["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ShouldContain("id");
    }
}
