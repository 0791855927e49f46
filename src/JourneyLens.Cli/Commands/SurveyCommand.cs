using System.CommandLine;
using JourneyLens.Cli.Output;
using JourneyLens.Rendering.Tables;
using JourneyLens.Core.Events;
using JourneyLens.Ingest.Mapping;
using JourneyLens.Storage;
using JourneyLens.Storage.Access;
using JourneyLens.Web.Hosting;
using JourneyLens.Web.Surveys;

namespace JourneyLens.Cli.Commands;

/// <summary><c>journeylens survey link</c>: signed one-click links, one per score, to put in an e-mail or a text message.</summary>
public static class SurveyCommand
{
    private static readonly Argument<string> Survey = new("survey") { Description = "The survey's name, e.g. post-flight" };
    private static readonly Option<string> Person = new("--person") { Description = "Who is asked, as TYPE:VALUE, e.g. customer_id:C1 or email:ann@example.com", Required = true };
    private static readonly Option<string> About = new("--about") { Description = "The touchpoint the answer rates", Required = true };
    private static readonly Option<string> Scale = new("--scale") { Description = "nps (0-10), csat (1-5) or ces (1-7)", DefaultValueFactory = _ => "nps" };
    private static readonly Option<string> Channel = new("--channel") { Description = "The channel the answer comes through", DefaultValueFactory = _ => "email" };
    private static readonly Option<string> BaseUrl = new("--base-url") { Description = "Where the web app is reached", DefaultValueFactory = _ => WebSettings.DefaultUrl };

    public static Command Create(CliContext context)
    {
        var link = new Command("link", "Signed one-click answer links for one person and touchpoint, one per score");
        link.Arguments.Add(Survey);
        foreach (var option in new Option[] { Person, About, Scale, Channel, BaseUrl })
        {
            link.Options.Add(option);
        }

        link.SetAction(parse =>
        {
            var invite = Invite(parse);
            using var workspace = Workspace.Open(CommonOptions.WorkspaceFolder(parse), create: true, context.Clock);
            var token = SurveyTokens.Sign(Secrets.GetOrCreate(workspace, SurveyTokens.SecretName), invite);
            var (min, max) = ScoreScales.Range(invite.Scale);
            var links = Enumerable.Range(min, max - min + 1).Select(s => (Score: s, Link: SurveyTokens.Link(parse.GetValue(BaseUrl)!, token, invite, s))).ToList();
            new OutputWriter(context.Out, parse.GetValue(CommonOptions.Format)).Write(
                links.Select(l => new { l.Score, l.Link }).ToList(),
                new DataTable($"{invite.Survey}: {ScoreScales.Name(invite.Scale)} about '{invite.About}' for {invite.IdentifierType}:{invite.Identifier}", ["score", "link"],
                    links.Select(l => (IReadOnlyList<string>)[l.Score.ToString(System.Globalization.CultureInfo.InvariantCulture), l.Link]).ToList()));
            return ExitCode.Ok;
        });

        return new Command("survey", "Survey links whose answers land as score events") { link };
    }

    private static SurveyInvite Invite(ParseResult parse)
    {
        var survey = parse.GetValue(Survey)!;
        if (survey.Length is 0 or > 100 || survey.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new UsageException($"survey '{survey}': expected 1 to 100 letters, digits, '-' or '_'");
        }

        var person = parse.GetValue(Person)!;
        if (person.Split(':', 2) is not [var type, var value] || value.Length == 0 || !FieldNames.IdentifierTypes.Contains(type))
        {
            throw new UsageException($"--person {person}: expected TYPE:VALUE with TYPE one of {string.Join(", ", FieldNames.IdentifierTypes)}");
        }

        if (!ScoreScales.TryParse(parse.GetValue(Scale)!, out var scale))
        {
            throw new UsageException($"--scale {parse.GetValue(Scale)}: expected nps, csat or ces");
        }

        return new SurveyInvite(survey, type, value, parse.GetValue(About)!, scale, parse.GetValue(Channel)!);
    }
}
