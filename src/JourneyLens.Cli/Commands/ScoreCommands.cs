using System.CommandLine;
using System.Globalization;
using JourneyLens.Cli.Output;
using JourneyLens.Core.Events;
using JourneyLens.Core.Experience;
using JourneyLens.Rendering;
using static JourneyLens.Cli.Commands.ExperienceOptions;

namespace JourneyLens.Cli.Commands;

/// <summary><c>scores</c> and <c>lowpoints</c>: NPS, CSAT and CES with intervals, and where they are significantly worse.</summary>
public static class ScoreCommands
{
    public static Command ScoresCommand(CliContext context)
    {
        var command = new Command("scores", "NPS, CSAT and CES with 95 % intervals: for the journey and per touchpoint (or channel, or phase with --node)");
        AnalysisRun.AddOptions(command, context);
        command.Options.Add(MinAnswers);
        command.Options.Add(ScoreTypeOption);
        command.Options.Add(VariantCount);
        command.SetAction(parse =>
        {
            var min = MinAnswersOf(parse);
            var variants = parse.GetValue(VariantCount) is var v and >= 0 and <= 1000 ? v : throw new UsageException("--variants must be 0 to 1000");
            return AnalysisRun.Run(context, parse, scope => Scores.Compute(scope.Engine, min) with { Variants = variants > 0 ? VariantScoring.Compute(scope.Engine, variants, min) : null }, ScoreTables, result => ScoreLineChart.Render(result, parse.GetValue(ScoreTypeOption)));
        });
        return command;
    }

    public static Command LowPointsCommand(CliContext context)
    {
        var command = new Command("lowpoints", "Touchpoints (or phases) scored significantly below the rest of the journey, and the largest drops between moments of the same persons");
        AnalysisRun.AddOptions(command, context);
        command.Options.Add(MinAnswers);
        command.SetAction(parse =>
        {
            var min = MinAnswersOf(parse);
            return AnalysisRun.Run(context, parse, scope => LowPoints.Compute(scope.Engine, min), LowPointTables);
        });
        return command;
    }

    internal static DataTable[] ScoreTables(ScoresResult result) =>
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
    ];

    internal static DataTable[] LowPointTables(LowPointsResult result) =>
    [
        new DataTable("Low points (p < 0.05)", ["subject", "score", "answers", "value", "rest", "difference [95% interval]", "p"],
            result.LowPoints.Select(l => (IReadOnlyList<string>)[l.Subject, Name(l.Type), Show.Number(l.Answers), Rendering.Format.ScoreValue(l.Type, l.Value), Rendering.Format.ScoreValue(l.Type, l.Rest),
                $"{Rendering.Format.ScoreValue(l.Type, l.Delta)} [{Rendering.Format.ScoreValue(l.Type, l.Low)}, {Rendering.Format.ScoreValue(l.Type, l.High)}]", P(l.P)]).ToList())
        { NumericColumns = new HashSet<int> { 2, 3, 4, 6 } },
        new DataTable("Largest drops between consecutive answers of the same persons", ["from", "to", "score", "persons", "mean change [95% interval]", "p"],
            result.Drops.Select(d => (IReadOnlyList<string>)[d.From, d.To, Name(d.Type), Show.Number(d.Persons),
                string.Create(CultureInfo.InvariantCulture, $"{d.MeanChange:+0.00;-0.00} [{d.Low:+0.00;-0.00}, {d.High:+0.00;-0.00}]"), P(d.P)]).ToList())
        { NumericColumns = new HashSet<int> { 3, 5 } },
    ];
}
