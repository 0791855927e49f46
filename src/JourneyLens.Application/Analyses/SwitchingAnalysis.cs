using JourneyLens.Application.Parameters;
using JourneyLens.Application.Registry;
using JourneyLens.Application.Scopes;
using JourneyLens.Core.Analyses;
using JourneyLens.Core.Experience;
using JourneyLens.Rendering;
using JourneyLens.Rendering.Tables;
using static JourneyLens.Application.Analyses.Figures;

namespace JourneyLens.Application.Analyses;

/// <param name="WindowText">The windows as written, for the tables' titles.</param>
public sealed record SwitchingQuery(Selection Over, SwitchingRequest Request, string WindowText = "24h", string RepeatWindowText = "7d") : IQuery<SwitchingResult>;

public sealed record ConsistencyQuery(Selection Over, ConsistencyRequest Request) : IQuery<ConsistencyResult>;

/// <summary><c>switching</c> and <c>consistency</c>: how customers move between channels, and the same task on each channel.</summary>
public static class SwitchingAnalysis
{
    private static readonly Parameter<string> RepeatWindow = new("repeat-window", "Repeat-contact window (default 7d)") { Default = "7d", Kind = TextKind.Duration };
    private static readonly Parameter<string> Digital = new("digital", "Self-service channels, comma-separated (default web,app)") { Default = "web,app" };
    private static readonly Parameter<string> TaskParameter = new("task", "The task as START>DONE, each one or more touchpoints separated by |, e.g. \"Searched flights>Booked flight\"") { Required = true };

    public static readonly Analysis Switching = new Analysis<SwitchingQuery, SwitchingResult>
    {
        Name = "switching",
        Command = ["switching"],
        Title = "Channel switching",
        Summary = "Switches between channels, failed self-service and repeat contact",
        Description = "Channel switching, failed self-service, repeat contact and first-contact resolution, and the paths into an assisted contact",
        Parameters = [.. ScopeParameters.Common, .. ScopeParameters.Grouping, SharedParameters.SwitchWindow, RepeatWindow, Digital, SharedParameters.Assisted],
        Bind = values =>
        {
            var (window, repeat) = (values.Get(SharedParameters.SwitchWindow), values.Get(RepeatWindow));
            var request = new SwitchingRequest(SharedParameters.Duration(window, "--window"), SharedParameters.Duration(repeat, "--repeat-window"),
                new ChannelClasses(SharedParameters.Channels(values.Get(Digital)), SharedParameters.Channels(values.Get(SharedParameters.Assisted))));
            return new SwitchingQuery(ScopeParameters.Selection(values), request, window, repeat);
        },
        Tables = (query, result) => SwitchingTables(result, query.WindowText, query.RepeatWindowText),
        Picture = (_, result) => SwitchingHeatMap.Render(result),
    };

    public static readonly Analysis Consistency = new Analysis<ConsistencyQuery, ConsistencyResult>
    {
        Name = "consistency",
        Command = ["consistency"],
        Title = "Consistency",
        Summary = "The same task across channels: completion, time and score",
        Description = "The same task per channel: completion, time, scores and repeat contact, each channel tested against the others",
        Parameters = [.. ScopeParameters.Common, .. ScopeParameters.Grouping, TaskParameter, SharedParameters.SwitchWindow, SharedParameters.Assisted, SharedParameters.MinAnswers],
        NeedsInput = true,
        Bind = values =>
        {
            var task = values.Get(TaskParameter) ?? throw new RequestException("Option '--task' is required.", TaskParameter.Name);
            var parts = task.Split('>', 2);
            if (parts.Length != 2)
            {
                throw new RequestException($"--task {task}: expected START>DONE", TaskParameter.Name);
            }

            static string[] List(string text) => text.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var window = values.IsGiven(SharedParameters.SwitchWindow.Name) ? SharedParameters.Duration(values.Get(SharedParameters.SwitchWindow), "--window") : TimeSpan.FromDays(7);
            var request = new ConsistencyRequest(List(parts[0]), List(parts[1]), window,
                new ChannelClasses(ChannelClasses.Default.Digital, SharedParameters.Channels(values.Get(SharedParameters.Assisted))), SharedParameters.MinAnswersOf(values));
            return new ConsistencyQuery(ScopeParameters.Selection(values), request);
        },
        Tables = (_, result) =>
        [
            new DataTable($"Task {result.Task}, per channel (each against the other channels)", ["channel", "attempts", "completion", "vs rest", "p", "median time", "vs rest (median)", "p", "repeat contact", "p", "scores"],
                result.Channels.Select(c => (IReadOnlyList<string>)[Show.Channel(c.Channel), Show.Number(c.Attempts), Rate(c.Completion), Points(c.CompletionVsRest), P(c.CompletionVsRest.P),
                    DurationText.Format(c.MedianSecondsToCompletion), Signed(c.TimeVsRest.Delta), P(c.TimeVsRest.P), Rate(c.RepeatContact), P(c.RepeatContactVsRest.P),
                    string.Join("; ", c.Scores.Select(f => $"{Name(f.Type)} {Show.Score(f)}"))]).ToList())
            { NumericColumns = new HashSet<int> { 1, 4, 7, 9 } },
        ],
    };

    public static DataTable[] SwitchingTables(SwitchingResult result, string window, string repeatWindow) =>
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
