using System.CommandLine;
using System.Globalization;
using JourneyLens.Cli.Output;
using JourneyLens.Core.Events;
using JourneyLens.Core.Experience;
using JourneyLens.Rendering;

namespace JourneyLens.Cli.Commands;

/// <summary><c>scores</c>, <c>lowpoints</c>, <c>switching</c> and <c>attribution</c>: the experience analyses of DESIGN §3.</summary>
public static class ExperienceCommands
{
    private static readonly Option<int> MinAnswers = new("--min-answers") { Description = "Fewer answers than this are flagged as too few (default 30)", DefaultValueFactory = _ => Scores.DefaultMinAnswers };
    private static readonly Option<string> Window = new("--window") { Description = "Switching window: 24h (default; 7d for consistency), 90m, 2d …", DefaultValueFactory = _ => "24h" };
    private static readonly Option<string> RepeatWindow = new("--repeat-window") { Description = "Repeat-contact window (default 7d)", DefaultValueFactory = _ => "7d" };
    private static readonly Option<string> Digital = new("--digital") { Description = "Self-service channels, comma-separated (default web,app)", DefaultValueFactory = _ => "web,app" };
    private static readonly Option<string> Assisted = new("--assisted") { Description = "Assisted-contact channels, comma-separated (default phone,chat,email,e-mail,store)", DefaultValueFactory = _ => "phone,chat,email,e-mail,store" };
    private static readonly Option<ScoreType> ScoreTypeOption = new("--score") { Description = "With --format svg: which score to draw along the journey (nps, csat or ces)", DefaultValueFactory = _ => ScoreType.Nps };
    private static readonly Option<int> VariantCount = new("--variants") { Description = "Also score the N most common path variants (repeats collapsed; the rest together)", DefaultValueFactory = _ => 0 };
    private static readonly Option<string> Goal = new("--goal") { Description = "The touchpoint that counts as conversion", Required = true };

    public static Command ScoresCommand(CliContext context)
    {
        var command = new Command("scores", "NPS, CSAT and CES with 95 % intervals: for the journey and per touchpoint (or channel, or phase with --node)");
        AnalysisRun.AddOptions(command);
        command.Options.Add(MinAnswers);
        command.Options.Add(ScoreTypeOption);
        command.Options.Add(VariantCount);
        command.SetAction(parse =>
        {
            var min = MinAnswersOf(parse);
            var variants = parse.GetValue(VariantCount) is var v and >= 0 and <= 1000 ? v : throw new UsageException("--variants must be 0 to 1000");
            return AnalysisRun.Run(context, parse, scope => Scores.Compute(scope.Engine, min) with { Variants = variants > 0 ? VariantScoring.Compute(scope.Engine, variants, min) : null }, result =>
            [
                new DataTable("Journey scores", ["score", "answers", "value [95% interval]"],
                    result.Journey.Select(f => (IReadOnlyList<string>)[Name(f.Type), Show.Number(f.Answers), Show.Score(f)]).ToList()) { NumericColumns = new HashSet<int> { 1 } },
                new DataTable("Scores per subject", ["subject", "score", "answers", "value [95% interval]"],
                    result.Subjects.SelectMany(s => s.Scores.Select(f => (IReadOnlyList<string>)[s.Subject, Name(f.Type), Show.Number(f.Answers), Show.Score(f)])).ToList())
                { NumericColumns = new HashSet<int> { 2 } },
                .. result.Variants is null ? Array.Empty<DataTable>() :
                [
                    new DataTable("Scores per path variant", ["path", "journeys", "score", "answers", "value [95% interval]"],
                        result.Variants.SelectMany(v => v.Scores.Select(f => (IReadOnlyList<string>)[string.Join(" → ", v.Path), Show.Number(v.Journeys), Name(f.Type), Show.Number(f.Answers), Show.Score(f)])).ToList())
                    { NumericColumns = new HashSet<int> { 1, 3 } },
                ],
            ], result => ScoreLineChart.Render(result, parse.GetValue(ScoreTypeOption)));
        });
        return command;
    }

    public static Command LowPointsCommand(CliContext context)
    {
        var command = new Command("lowpoints", "Touchpoints (or phases) scored significantly below the rest of the journey, and the largest drops between moments of the same persons");
        AnalysisRun.AddOptions(command);
        command.Options.Add(MinAnswers);
        command.SetAction(parse =>
        {
            var min = MinAnswersOf(parse);
            return AnalysisRun.Run(context, parse, scope => LowPoints.Compute(scope.Engine, min), result =>
            [
                new DataTable("Low points (p < 0.05)", ["subject", "score", "answers", "value", "rest", "difference [95% interval]", "p"],
                    result.LowPoints.Select(l => (IReadOnlyList<string>)[l.Subject, Name(l.Type), Show.Number(l.Answers), Show.ScoreValue(l.Type, l.Value), Show.ScoreValue(l.Type, l.Rest),
                        $"{Show.ScoreValue(l.Type, l.Delta)} [{Show.ScoreValue(l.Type, l.Low)}, {Show.ScoreValue(l.Type, l.High)}]", P(l.P)]).ToList())
                { NumericColumns = new HashSet<int> { 2, 3, 4, 6 } },
                new DataTable("Largest drops between consecutive answers of the same persons", ["from", "to", "score", "persons", "mean change [95% interval]", "p"],
                    result.Drops.Select(d => (IReadOnlyList<string>)[d.From, d.To, Name(d.Type), Show.Number(d.Persons),
                        string.Create(CultureInfo.InvariantCulture, $"{d.MeanChange:+0.00;-0.00} [{d.Low:+0.00;-0.00}, {d.High:+0.00;-0.00}]"), P(d.P)]).ToList())
                { NumericColumns = new HashSet<int> { 3, 5 } },
            ]);
        });
        return command;
    }

    public static Command SwitchingCommand(CliContext context)
    {
        var command = new Command("switching", "Channel switching, failed self-service, repeat contact and first-contact resolution, and the paths into an assisted contact");
        AnalysisRun.AddOptions(command);
        foreach (var option in new Option[] { Window, RepeatWindow, Digital, Assisted })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var request = new SwitchingRequest(FunnelCommand.ParseWindow(parse.GetValue(Window)!), FunnelCommand.ParseWindow(parse.GetValue(RepeatWindow)!),
                new ChannelClasses(Channels(parse.GetValue(Digital)!), Channels(parse.GetValue(Assisted)!)));
            return AnalysisRun.Run(context, parse, scope => Switching.Compute(scope.Engine, request with { Channels = scope.Channels(request.Channels) }), result =>
            [
                new DataTable($"Channel → next channel within {parse.GetValue(Window)}", ["from", "to", "transitions", "share of from"],
                    result.Matrix.Select(m => (IReadOnlyList<string>)[Show.Channel(m.From), Show.Channel(m.To), Show.Number(m.Transitions), Show.Percent(m.Share)]).ToList())
                { NumericColumns = new HashSet<int> { 2, 3 } },
                new DataTable("Failed self-service: digital attempt, then an assisted contact within the window", ["touchpoint", "attempts", "then contact", "rate [95% interval]"],
                    result.FailedSelfService.Select(f => (IReadOnlyList<string>)[f.Touchpoint, Show.Number(f.Attempts), Show.Number(f.FollowedByContact), Rate(f.Rate)]).ToList())
                { NumericColumns = new HashSet<int> { 1, 2 } },
                new DataTable($"Repeat contact within {parse.GetValue(RepeatWindow)}", ["touchpoint", "contacts", "repeated", "repeat rate", "first-contact resolution"],
                    result.RepeatContact.Select(r => (IReadOnlyList<string>)[r.Touchpoint, Show.Number(r.Contacts), Show.Number(r.Repeated), Rate(r.RepeatRate), Rate(r.FirstContactResolution)]).ToList())
                { NumericColumns = new HashSet<int> { 1, 2 } },
                new DataTable($"Paths into a first assisted contact ({result.JourneysWithContact:N0} of {result.Journeys:N0} journeys)", ["journeys", "share", "path"],
                    result.PathsIntoContact.Select(p => (IReadOnlyList<string>)[Show.Number(p.Journeys), Show.Percent(p.Share), string.Join(" → ", p.Steps)]).ToList())
                { NumericColumns = new HashSet<int> { 0, 1 } },
            ], SwitchingHeatMap.Render);
        });
        return command;
    }

    public static Command AttributionCommand(CliContext context)
    {
        var command = new Command("attribution", "Decisive, neutral and unnecessary touchpoints from the exact Markov chain: removal effect, attributed conversions, P(conversion | here)");
        AnalysisRun.AddOptions(command);
        command.Options.Add(Goal);
        command.SetAction(parse =>
        {
            var goal = parse.GetValue(Goal)!;
            return AnalysisRun.Run(context, parse, scope => Attribution.Compute(scope.Engine, goal), result =>
            [
                new DataTable(string.Create(CultureInfo.InvariantCulture, $"Touchpoint importance for '{result.Goal}': {result.Conversions:N0} of {result.Journeys:N0} journeys convert (chain: {result.ConversionProbability:P1})"),
                    ["touchpoint", "journeys", "removal effect", "attributed", "P(conversion | here)", "loops", "verdict", "why"],
                    result.Touchpoints.Select(t => (IReadOnlyList<string>)[t.Touchpoint, Show.Number(t.Journeys), Show.Percent(t.RemovalEffect), t.AttributedConversions.ToString("0", CultureInfo.InvariantCulture),
                        Show.Percent(t.ConversionFromHere), Show.Percent(t.LoopShare), t.Verdict.ToString().ToLowerInvariant(), t.Reason]).ToList())
                { NumericColumns = new HashSet<int> { 1, 2, 3, 4, 5 } },
            ]);
        });
        return command;
    }

    public static Command HandoffsCommand(CliContext context)
    {
        var command = new Command("handoffs", "Where journeys pass from one owner's phase to the next (functional lens by default): drop-off, delay and score change");
        AnalysisRun.AddOptions(command);
        command.Options.Add(MinAnswers);
        command.SetAction(parse =>
        {
            if (parse.GetValue(AnalysisRun.Node) != Core.Engine.NodeKind.Touchpoint)
            {
                throw new UsageException("handoffs groups touchpoints by the phases of --lens itself; leave out --node");
            }

            var lens = parse.GetResult(AnalysisRun.LensName) is { Implicit: false } ? parse.GetValue(AnalysisRun.LensName)! : "functional";
            var min = MinAnswersOf(parse);
            return AnalysisRun.Run(context, parse, scope => Handoffs.Compute(scope.Engine, RequireCatalogue(scope.Catalogue, "handoffs"), lens, min), result =>
            [
                new DataTable($"Hand-offs under the {result.Lens} lens ({result.Journeys:N0} journeys)", ["from", "to", "crossings", "hand-off points", "reached", "lost", "drop-off [95% interval]", "median delay", "mean delay"],
                    result.Handoffs.Select(h => (IReadOnlyList<string>)[h.From, h.To, Show.Number(h.Crossings), string.Join(", ", h.HandoffPoints), Show.Number(h.Reached), Show.Number(h.Lost),
                        Rate(h.DropOff), Rendering.Format.Duration(h.MedianDelaySeconds), Rendering.Format.Duration(h.MeanDelaySeconds)]).ToList())
                { NumericColumns = new HashSet<int> { 2, 4, 5 } },
                new DataTable("Score change across each hand-off (answers about the phase before and after)", ["from", "to", "score", "before", "after", "change [95% interval]", "p"],
                    result.Handoffs.SelectMany(h => h.Scores.Select(s => (IReadOnlyList<string>)[h.From, h.To, Name(s.Type), Show.Score(s.Before), Show.Score(s.After),
                        $"{Show.ScoreValue(s.Type, s.Change.Delta)} [{Show.ScoreValue(s.Type, s.Change.Low)}, {Show.ScoreValue(s.Type, s.Change.High)}]", P(s.Change.P)])).ToList()),
            ]);
        });
        return command;
    }

    private static readonly Option<string> Task = new("--task") { Description = "The task as START>DONE, each one or more touchpoints separated by |, e.g. \"Searched flights>Booked flight\"", Required = true };

    public static Command ConsistencyCommand(CliContext context)
    {
        var command = new Command("consistency", "The same task per channel: completion, time, scores and repeat contact, each channel tested against the others");
        AnalysisRun.AddOptions(command);
        foreach (var option in new Option[] { Task, Window, Assisted, MinAnswers })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var parts = parse.GetValue(Task)!.Split('>', 2);
            if (parts.Length != 2)
            {
                throw new UsageException($"--task {parse.GetValue(Task)}: expected START>DONE");
            }

            static string[] List(string text) => text.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var window = parse.GetResult(Window) is { Implicit: false } ? FunnelCommand.ParseWindow(parse.GetValue(Window)!) : TimeSpan.FromDays(7);
            var request = new ConsistencyRequest(List(parts[0]), List(parts[1]), window, new ChannelClasses(ChannelClasses.Default.Digital, Channels(parse.GetValue(Assisted)!)), MinAnswersOf(parse));
            return AnalysisRun.Run(context, parse, scope => Consistency.Compute(scope.Engine, request with { Channels = scope.Channels(request.Channels) }), result =>
            [
                new DataTable($"Task {result.Task} per channel (each against the other channels)", ["channel", "attempts", "completion", "vs rest", "p", "median time", "vs rest (median)", "p", "repeat contact", "p", "scores"],
                    result.Channels.Select(c => (IReadOnlyList<string>)[Show.Channel(c.Channel), Show.Number(c.Attempts), Rate(c.Completion), Points(c.CompletionVsRest), P(c.CompletionVsRest.P),
                        Rendering.Format.Duration(c.MedianSecondsToCompletion), Signed(c.TimeVsRest.Delta), P(c.TimeVsRest.P), Rate(c.RepeatContact), P(c.RepeatContactVsRest.P),
                        string.Join("; ", c.Scores.Select(f => $"{Name(f.Type)} {Show.Score(f)}"))]).ToList())
                { NumericColumns = new HashSet<int> { 1, 4, 7, 9 } },
            ]);
        });
        return command;
    }

    private static string Points(Core.Statistics.Difference d) => double.IsNaN(d.Delta) ? "" : (d.Delta * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " pt";

    private static string Signed(double seconds) => double.IsNaN(seconds) ? "" : (seconds < 0 ? "-" : "+") + Rendering.Format.Duration(Math.Abs(seconds));

    internal static Core.Catalogue.TouchpointCatalogue RequireCatalogue(Core.Catalogue.TouchpointCatalogue catalogue, string what) =>
        catalogue.Touchpoints.Count > 0 ? catalogue : throw new UsageException($"{what} needs a touchpoint catalogue with phases: import one with `journeylens catalogue import FILE`");

    private static int MinAnswersOf(ParseResult parse) =>
        parse.GetValue(MinAnswers) is var min and >= 1 and <= 1_000_000 ? min : throw new UsageException("--min-answers must be 1 to 1000000");

    private static HashSet<string> Channels(string list) => list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);

    internal static string Name(ScoreType type) => type.ToString().ToUpperInvariant();

    private static string Rate(Core.Statistics.Estimate e) => $"{Show.Percent(e.Value)} [{Show.Percent(e.Low)}, {Show.Percent(e.High)}]";

    internal static string P(double p) => double.IsNaN(p) ? "" : p < 0.0001 ? "<0.0001" : p.ToString("0.0000", CultureInfo.InvariantCulture);
}
