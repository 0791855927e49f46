using System.CommandLine;
using System.Globalization;
using JourneyLens.Cli.Output;
using JourneyLens.Core.Events;
using JourneyLens.Core.Experience;
using JourneyLens.Rendering;
using static JourneyLens.Cli.Commands.ExperienceOptions;
using JourneyLens.Core.Analyses;

namespace JourneyLens.Cli.Commands;

/// <summary><c>attribution</c> and <c>handoffs</c>: decisive and unnecessary touchpoints, and the passages between owners.</summary>
public static class ImportanceCommands
{
    public static Command AttributionCommand(CliContext context)
    {
        var command = new Command("attribution", "Decisive, neutral and unnecessary touchpoints from the exact Markov chain: removal effect, attributed conversions, P(conversion | here)");
        AnalysisRun.AddOptions(command, context);
        command.Options.Add(Goal);
        command.SetAction(parse =>
        {
            var goal = parse.GetValue(Goal)!;
            return AnalysisRun.Run(context, parse, scope => Attribution.Compute(scope.Engine, goal), AttributionTables);
        });
        return command;
    }

    public static Command HandoffsCommand(CliContext context)
    {
        var command = new Command("handoffs", "Where journeys pass from one owner's phase to the next (functional lens by default): drop-off, delay and score change");
        AnalysisRun.AddOptions(command, context);
        command.Options.Add(MinAnswers);
        command.SetAction(parse =>
        {
            if (parse.GetValue(AnalysisRun.Node) != Core.Engine.NodeKind.Touchpoint)
            {
                throw new UsageException("handoffs groups touchpoints by the phases of --lens itself; leave out --node");
            }

            var lens = parse.GetResult(AnalysisRun.LensName) is { Implicit: false } ? parse.GetValue(AnalysisRun.LensName)! : "functional";
            var min = MinAnswersOf(parse);
            return AnalysisRun.Run(context, parse, scope => Handoffs.Compute(scope.Engine, RequireCatalogue(scope.Catalogue, "handoffs"), lens, min), HandoffTables);
        });
        return command;
    }

    internal static DataTable[] AttributionTables(AttributionResult result) =>
    [
        new DataTable(string.Create(CultureInfo.InvariantCulture, $"Touchpoint importance for '{result.Goal}': {result.Conversions:N0} of {result.Journeys:N0} journeys convert (chain: {result.ConversionProbability:P1})"),
            ["touchpoint", "journeys", "removal effect", "attributed", "P(conversion | here)", "loops", "verdict", "why"],
            result.Touchpoints.Select(t => (IReadOnlyList<string>)[t.Touchpoint, Show.Number(t.Journeys), Show.Percent(t.RemovalEffect), t.AttributedConversions.ToString("0", CultureInfo.InvariantCulture),
                Show.Percent(t.ConversionFromHere), Show.Percent(t.LoopShare), t.Verdict.ToString().ToLowerInvariant(), t.Reason]).ToList())
        { NumericColumns = new HashSet<int> { 1, 2, 3, 4, 5 } },
    ];

    internal static DataTable[] HandoffTables(HandoffsResult result) =>
    [
        new DataTable($"Hand-offs under the {result.Lens} lens ({result.Journeys:N0} journeys)", ["from", "to", "crossings", "hand-off points", "reached", "lost", "drop-off [95% interval]", "median delay", "mean delay"],
            result.Handoffs.Select(h => (IReadOnlyList<string>)[h.From, h.To, Show.Number(h.Crossings), string.Join(", ", h.HandoffPoints), Show.Number(h.Reached), Show.Number(h.Lost),
                Rate(h.DropOff), DurationText.Format(h.MedianDelaySeconds), DurationText.Format(h.MeanDelaySeconds)]).ToList())
        { NumericColumns = new HashSet<int> { 2, 4, 5 } },
        new DataTable("Score change across each hand-off (answers about the phase before and after)", ["from", "to", "score", "before", "after", "change [95% interval]", "p"],
            result.Handoffs.SelectMany(h => h.Scores.Select(s => (IReadOnlyList<string>)[h.From, h.To, Name(s.Type), Show.Score(s.Before), Show.Score(s.After),
                $"{Rendering.Format.ScoreValue(s.Type, s.Change.Delta)} [{Rendering.Format.ScoreValue(s.Type, s.Change.Low)}, {Rendering.Format.ScoreValue(s.Type, s.Change.High)}]", P(s.Change.P)])).ToList()),
    ];
}
