using System.Net;
using JourneyLens.Cli;
using JourneyLens.Core.Events;
using JourneyLens.Storage;
using JourneyLens.Storage.Access;
using JourneyLens.Storage.Engine;
using JourneyLens.Web.Surveys;

namespace JourneyLens.Web.Tests;

/// <summary>One-click survey links: signed, answered once, landing as score events; forged or altered links record nothing.</summary>
public sealed class SurveyTests : IDisposable
{
    private readonly Testing.TempFolder _temp = new();

    private string Workspace => _temp.File("ws");

    public void Dispose() => _temp.Dispose();

    private string[] Links()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        CliApp.Run(["survey", "link", "post-flight", "--person", "customer_id:C7", "--about", "Boarding", "--base-url", "http://localhost", "--format", "csv", "-w", Workspace], stdout, stderr).ShouldBe(0, stderr.ToString());
        return stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',', 2)[1]).ToArray();
    }

    [Fact]
    public async Task A_signed_link_records_its_score_once_as_a_score_event_about_the_touchpoint()
    {
        var links = Links();
        links.Length.ShouldBe(11); // NPS 0 to 10
        await using var web = WebFactory.For(Workspace);
        using var client = web.CreateClient();

        var answer = await client.GetAsync(new Uri(links[9]).PathAndQuery);
        var again = await client.GetAsync(new Uri(links[3]).PathAndQuery);
        await web.ImportReceived();

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await answer.Content.ReadAsStringAsync()).ShouldContain("Your answer 9 about 'Boarding' is recorded");
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var workspace = Storage.Workspace.Open(Workspace, create: false);
        var events = new EngineLoader().Load(workspace).Events;
        events.EventCount.ShouldBe(1); // the first answer per link counts
        events.ScoreType[0].ShouldBe(ScoreType.Nps);
        events.Score[0].ShouldBe((sbyte)9);
        events.TouchpointNames[events.Touchpoint[0]].ShouldBe(SurveyEndpoints.Touchpoint);
        events.TouchpointNames[events.About[0]].ShouldBe("Boarding");
    }

    [Fact]
    public async Task A_link_whose_token_is_spelled_another_way_still_records_one_answer()
    {
        var link = new Uri(Links()[9]);
        var token = Uri.UnescapeDataString(link.Query.Split("t=")[1].Split('&')[0]);
        var (payload, mac) = (token.Split('.')[0], token.Split('.')[1]);
        string[] spellings =
        [
            token,
            token + "=",
            payload + "." + mac.Replace('-', '+').Replace('_', '/'),
            payload + "." + mac.Replace('-', '+').Replace('_', '/') + "=",
        ];
        await using var web = WebFactory.For(Workspace);
        using var client = web.CreateClient();

        foreach (var (spelling, score) in spellings.Select((t, i) => (t, 9 - i)))
        {
            var answer = await client.GetAsync($"{link.AbsolutePath}?t={Uri.EscapeDataString(spelling)}&score={score}");
            answer.StatusCode.ShouldBe(HttpStatusCode.OK, spelling);
        }

        await web.ImportReceived();
        using var workspace = Storage.Workspace.Open(Workspace, create: false);
        var events = new EngineLoader().Load(workspace).Events;
        events.EventCount.ShouldBe(1);
        events.Score[0].ShouldBe((sbyte)9);
    }

    [Fact]
    public async Task Forged_altered_or_borrowed_tokens_and_bad_scores_are_refused_and_record_nothing()
    {
        var link = new Uri(Links()[10]);
        var token = Uri.UnescapeDataString(link.Query.Split("t=")[1].Split('&')[0]);
        byte[] otherSecret = new byte[32];
        var forged = SurveyTokens.Sign(otherSecret, new SurveyInvite("post-flight", "customer_id", "C7", "Boarding", ScoreType.Nps, "email"));
        var altered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        await using var web = WebFactory.For(Workspace);
        using var client = web.CreateClient();

        foreach (var url in new[]
        {
            $"/s/post-flight?t={Uri.EscapeDataString(forged)}&score=10",
            $"/s/post-flight?t={Uri.EscapeDataString(altered)}&score=10",
            $"/s/another-survey?t={Uri.EscapeDataString(token)}&score=10",
            $"/s/post-flight?t={Uri.EscapeDataString(token)}&score=11",
            $"/s/post-flight?t={Uri.EscapeDataString(token)}&score=-1",
            "/s/post-flight?score=10",
        })
        {
            (await client.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.BadRequest, url);
        }

        (await web.ImportReceived()).ShouldBeNull(); // nothing reached the inbox
        var scale = await client.GetStringAsync($"/s/post-flight?t={Uri.EscapeDataString(token)}");
        scale.ShouldContain("How would you rate 'Boarding'?");
    }
}
