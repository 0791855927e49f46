using System.CommandLine;
using System.Globalization;
using JourneyLens.Cli.Output;
using JourneyLens.Storage;
using JourneyLens.Storage.Engine;
using JourneyLens.Storage.Queries;

namespace JourneyLens.Cli.Commands;

/// <summary><c>journeylens person ID</c>: a person's identifiers, why they were merged, and their journeys.</summary>
public static class PersonCommand
{
    private static readonly Argument<string> Id = new("id") { Description = "Any identifier of the person: a value, or type:value (e.g. email:ann@example.com)" };

    public static Command Create(CliContext context)
    {
        var command = new Command("person", "Show a person's identifiers, the stitching decisions behind them, and their journeys as a timeline");
        command.Arguments.Add(Id);
        CommonOptions.AddAnalysisOptions(command);
        command.SetAction(parse =>
        {
            var (workspace, engine) = CommonOptions.OpenEngine(parse);
            using var open = workspace;
            var report = PersonQuery.Find(workspace, engine, parse.GetValue(Id)!);
            var identifiers = new DataTable($"Person {report.Key}{(report.Capped ? " (at the identifier cap: not merged further)" : "")}", ["type", "value", "first seen", ""],
                report.Identifiers.Select(i => (IReadOnlyList<string>)[i.Type, i.Value, Show.Timestamp(i.FirstSeenMs), i.IsKey ? "person key" : ""]).ToList());
            var links = new DataTable("Why these identifiers are one person", ["identifier", "seen with", "decision", "where", "detail"],
                report.Links.Select(l => (IReadOnlyList<string>)[l.A, l.B, Decision(l.Decision), $"{l.File}:{l.Line.ToString(CultureInfo.InvariantCulture)}", l.Detail ?? ""]).ToList());
            var timeline = new DataTable("Journeys", ["journey", "timestamp", "channel", "touchpoint", "score", "value", "outcome"],
                report.Journeys.SelectMany(j => j.Events.Select((e, k) => (IReadOnlyList<string>)[
                    k == 0 ? $"#{j.Ordinal}" : "",
                    Show.Timestamp(e.TimestampMs),
                    Show.Channel(e.Channel),
                    e.Touchpoint,
                    e.Score ?? "",
                    e.Value is { } v ? Show.Number(v) : "",
                    e.Outcome ?? ""])).ToList());
            new OutputWriter(context.Out, parse.GetValue(CommonOptions.Format)).Write(report, identifiers, links, timeline);
            return ExitCode.Ok;
        });
        return command;
    }

    private static string Decision(Core.Identity.LinkDecision d) => d switch
    {
        Core.Identity.LinkDecision.Merged => "merged",
        Core.Identity.LinkDecision.AlreadyTogether => "already one person",
        Core.Identity.LinkDecision.RefusedUnique => "refused: unique type",
        Core.Identity.LinkDecision.RefusedCap => "refused: identifier cap",
        _ => d.ToString(),
    };
}
