using System.CommandLine;
using System.Globalization;
using JourneyLens.Cli.Output;
using JourneyLens.Core.Analyses;
using JourneyLens.Rendering;

namespace JourneyLens.Cli.Commands;

/// <summary><c>journeylens paths</c>: the most common paths, and the Sankey columns behind them.</summary>
public static class PathsCommand
{
    private static readonly Option<int> Steps = new("--steps") { Description = "Steps per path (1 to 50)", DefaultValueFactory = _ => 5 };
    private static readonly Option<string?> Start = new("--start") { Description = "Start the paths at the first occurrence of this touchpoint" };
    private static readonly Option<string?> End = new("--end") { Description = "End the paths at this touchpoint: what did customers do before it?" };
    private static readonly Option<string?> Goal = new("--goal") { Description = "A touchpoint whose reach (conversion) is shown per path" };
    private static readonly Option<int> Top = new("--top") { Description = "How many paths to list", DefaultValueFactory = _ => 20 };
    private static readonly Option<double> MinShare = new("--min-share") { Description = "Sankey nodes below this share of their column become Other", DefaultValueFactory = _ => 0.01 };

    public static Command Create(CliContext context)
    {
        var command = new Command("paths", "The most common paths through the journeys (repeats collapsed), with a Sankey of the steps");
        foreach (var option in new Option[] { Steps, Start, End, Goal, Top, MinShare })
        {
            command.Options.Add(option);
        }

        AnalysisRun.AddOptions(command, context);
        command.SetAction(parse =>
        {
            var (top, minShare) = (parse.GetValue(Top), parse.GetValue(MinShare));
            if (top is < 1 or > 10_000 || minShare is < 0 or > 1)
            {
                throw new UsageException("--top must be 1 to 10000 and --min-share 0 to 1");
            }

            var request = new PathsRequest(parse.GetValue(Steps), parse.GetValue(Start), parse.GetValue(End), parse.GetValue(Goal), top, minShare);
            return AnalysisRun.Run(context, parse, scope => Paths.Compute(scope.Engine, request), Tables, result => SankeyChart.Render(result.Sankey));
        });
        return command;
    }

    internal static DataTable[] Tables(PathsResult result)
    {
        var paths = new DataTable($"Paths: {result.Journeys:N0} journeys", ["journeys", "share", "goal reached", "median duration s", "mean NPS", "path"],
            result.Paths.Select(p => (IReadOnlyList<string>)[Show.Number(p.Journeys), p.Share.ToString("0.0%", CultureInfo.InvariantCulture),
                    p.GoalConversion is { } g ? g.ToString("0.0%", CultureInfo.InvariantCulture) : "", p.MedianDurationSeconds.ToString("0", CultureInfo.InvariantCulture),
                    p.MeanNps is { } n ? n.ToString("0.0", CultureInfo.InvariantCulture) : "", string.Join(" → ", p.Steps)]).ToList())
        { NumericColumns = new HashSet<int> { 0, 1, 2, 3, 4 } };
        var sankey = new DataTable("Sankey edges", ["step", "from", "to", "journeys"],
            result.Sankey.Edges.Select(e => (IReadOnlyList<string>)[Show.Number(e.FromColumn + 1), e.From, e.To, Show.Number(e.Journeys)]).ToList())
        { NumericColumns = new HashSet<int> { 0, 3 } };
        return [paths, sankey];
    }
}
