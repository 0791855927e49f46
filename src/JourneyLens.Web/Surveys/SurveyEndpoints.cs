using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using JourneyLens.Core.Events;
using JourneyLens.Storage;
using JourneyLens.Storage.Access;
using JourneyLens.Storage.Inbox;
using JourneyLens.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static JourneyLens.Rendering.Html.HtmlPage;

namespace JourneyLens.Web.Surveys;

/// <summary>
/// <c>GET /s/{survey}?t=TOKEN&amp;score=N</c>: a one-click answer. The signed token says who answers about what; the
/// answer lands in the inbox as a score event, with an event_id from the token, so the first answer per link counts
/// and clicking again changes nothing. Without a score the page offers the scale.
/// </summary>
public static class SurveyEndpoints
{
    public const string Touchpoint = "Survey answered";

    public static void Map(IEndpointRouteBuilder app, WebSettings settings)
    {
        app.MapGet("/s/{survey}", (string survey, string? t, string? score) => Answer(settings, survey, t, score))
            .AllowAnonymous()
            .WithTags("Surveys")
            .WithSummary("Answer a survey with one click from a signed link (journeylens survey link)");
    }

    private static IResult Answer(WebSettings settings, string survey, string? token, string? scoreText)
    {
        using var workspace = Workspace.Open(settings.Workspace, create: true, settings.Clock);
        var invite = survey.Length <= 100 ? SurveyTokens.Verify(Secrets.GetOrCreate(workspace, SurveyTokens.SecretName), survey, token) : null;
        if (invite is null)
        {
            return Tiny(settings.Clock, StatusCodes.Status400BadRequest, "This link is not valid", E("p", "The survey link is damaged or was not made by this server. Nothing was recorded."));
        }

        var (min, max) = ScoreScales.Range(invite.Scale);
        if (scoreText is null)
        {
            return Tiny(settings.Clock, StatusCodes.Status200OK, "Your answer", E("p", $"How would you rate '{invite.About}'?"),
                E("p", new XAttribute("class", "scale"), Enumerable.Range(min, max - min + 1).Select(s =>
                    E("a", new XAttribute("href", SurveyTokens.Link("", token!, invite, s)), s.ToString(CultureInfo.InvariantCulture)))));
        }

        if (!int.TryParse(scoreText, NumberStyles.None, CultureInfo.InvariantCulture, out var score) || score < min || score > max)
        {
            return Tiny(settings.Clock, StatusCodes.Status400BadRequest, "Not a score", E("p", $"A score here is a whole number from {min} to {max}. Nothing was recorded."));
        }

        var message = new Dictionary<string, object>
        {
            ["event_id"] = SurveyTokens.AnswerId(survey, token!),
            ["timestamp"] = settings.Clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
            [invite.IdentifierType] = invite.Identifier,
            ["channel"] = invite.Channel,
            ["touchpoint"] = Touchpoint,
            ["score_type"] = ScoreScales.Name(invite.Scale),
            ["score"] = score,
            ["about"] = invite.About,
            ["survey"] = invite.Survey,
        };
        EventInbox.Append(workspace, 1, JsonSerializer.Serialize(message) + "\n");
        return Tiny(settings.Clock, StatusCodes.Status200OK, "Thank you", E("p", $"Your answer {score} about '{invite.About}' is recorded."));
    }

    /// <summary>A small page of its own: people open it from an e-mail, often on a phone.</summary>
    private static IResult Tiny(TimeProvider clock, int status, string title, params object[] body) =>
        Results.Content(Document(title, clock.GetUtcNow(), E("h1", title), body), "text/html; charset=utf-8", statusCode: status);
}
