using System.CommandLine;
using System.Globalization;
using JourneyLens.Cli.Output;
using JourneyLens.Core.Events;
using JourneyLens.Core.Experience;
using JourneyLens.Rendering;
using static JourneyLens.Cli.Commands.ExperienceOptions;
using JourneyLens.Core.Analyses;

namespace JourneyLens.Cli.Commands;

/// <summary><c>switching</c> and <c>consistency</c>: how customers move between channels, and the same task on each channel.</summary>
public static class SwitchingCommands
{
    public static Command SwitchingCommand(CliContext context)
    {
        var command = new Command("switching", "Channel switching, failed self-service, repeat contact and first-contact resolution, and the paths into an assisted contact");
        AnalysisRun.AddOptions(command, context);
        foreach (var option in new Option[] { Window, RepeatWindow, Digital, Assisted })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var request = new SwitchingRequest(FunnelCommand.ParseWindow(parse.GetValue(Window)!), FunnelCommand.ParseWindow(parse.GetValue(RepeatWindow)!),
                new ChannelClasses(Channels(parse.GetValue(Digital)!), Channels(parse.GetValue(Assisted)!)));
            return AnalysisRun.Run(context, parse, scope => Switching.Compute(scope.Engine, request with { Channels = scope.Channels(request.Channels) }), result => SwitchingTables(result, parse.GetValue(Window)!, parse.GetValue(RepeatWindow)!), SwitchingHeatMap.Render);
        });
        return command;
    }


    public static Command ConsistencyCommand(CliContext context)
    {
        var command = new Command("consistency", "The same task per channel: completion, time, scores and repeat contact, each channel tested against the others");
        AnalysisRun.AddOptions(command, context);
        foreach (var option in new Option[] { TaskOption, Window, Assisted, MinAnswers })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var parts = parse.GetValue(TaskOption)!.Split('>', 2);
            if (parts.Length != 2)
            {
                throw new UsageException($"--task {parse.GetValue(TaskOption)}: expected START>DONE");
            }

            static string[] List(string text) => text.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var window = parse.GetResult(Window) is { Implicit: false } ? FunnelCommand.ParseWindow(parse.GetValue(Window)!) : TimeSpan.FromDays(7);
            var request = new ConsistencyRequest(List(parts[0]), List(parts[1]), window, new ChannelClasses(ChannelClasses.Default.Digital, Channels(parse.GetValue(Assisted)!)), MinAnswersOf(parse));
            return AnalysisRun.Run(context, parse, scope => Consistency.Compute(scope.Engine, request with { Channels = scope.Channels(request.Channels) }), result =>
            [
                new DataTable($"TaskOption {result.Task} per channel (each against the other channels)", ["channel", "attempts", "completion", "vs rest", "p", "median time", "vs rest (median)", "p", "repeat contact", "p", "scores"],
                    result.Channels.Select(c => (IReadOnlyList<string>)[Show.Channel(c.Channel), Show.Number(c.Attempts), Rate(c.Completion), Points(c.CompletionVsRest), P(c.CompletionVsRest.P),
                        DurationText.Format(c.MedianSecondsToCompletion), Signed(c.TimeVsRest.Delta), P(c.TimeVsRest.P), Rate(c.RepeatContact), P(c.RepeatContactVsRest.P),
                        string.Join("; ", c.Scores.Select(f => $"{Name(f.Type)} {Show.Score(f)}"))]).ToList())
                { NumericColumns = new HashSet<int> { 1, 4, 7, 9 } },
            ]);
        });
        return command;
    }

    internal static DataTable[] SwitchingTables(SwitchingResult result, string window, string repeatWindow) =>
    [
        new DataTable($"Channel → next channel within {window}", ["from", "to", "transitions", "share of from"],
            result.Matrix.Select(m => (IReadOnlyList<string>)[Show.Channel(m.From), Show.Channel(m.To), Show.Number(m.Transitions), Show.Percent(m.Share)]).ToList())
        { NumericColumns = new HashSet<int> { 2, 3 } },
        new DataTable("Failed self-service: digital attempt, then an assisted contact within the window", ["touchpoint", "attempts", "then contact", "rate [95% interval]"],
            result.FailedSelfService.Select(f => (IReadOnlyList<string>)[f.Touchpoint, Show.Number(f.Attempts), Show.Number(f.FollowedByContact), Rate(f.Rate)]).ToList())
        { NumericColumns = new HashSet<int> { 1, 2 } },
        new DataTable($"Repeat contact within {repeatWindow}", ["touchpoint", "contacts", "repeated", "repeat rate", "first-contact resolution"],
            result.RepeatContact.Select(r => (IReadOnlyList<string>)[r.Touchpoint, Show.Number(r.Contacts), Show.Number(r.Repeated), Rate(r.RepeatRate), Rate(r.FirstContactResolution)]).ToList())
        { NumericColumns = new HashSet<int> { 1, 2 } },
        new DataTable($"Paths into a first assisted contact ({result.JourneysWithContact:N0} of {result.Journeys:N0} journeys)", ["journeys", "share", "path"],
            result.PathsIntoContact.Select(p => (IReadOnlyList<string>)[Show.Number(p.Journeys), Show.Percent(p.Share), string.Join(" → ", p.Steps)]).ToList())
        { NumericColumns = new HashSet<int> { 0, 1 } },
    ];
}
