using System.CommandLine;
using System.Globalization;
using JourneyLens.Cli.Output;
using JourneyLens.Core.Analyses;
using JourneyLens.Rendering;

namespace JourneyLens.Cli.Commands;

/// <summary><c>journeylens process-map</c> and <c>journeylens variants</c>: the pm4py-style views of the journeys.</summary>
public static class ProcessMiningCommands
{
    private static readonly Option<DurationClock> Clock = new("--clock")
    {
        Description = "utc: elapsed time (default); local: wall-clock time as written, offsets ignored (what pm4py reports)",
        DefaultValueFactory = _ => DurationClock.Utc,
    };

    private static readonly Option<double> Share = new("--share")
    {
        Description = "Keep the most frequent edges that cover this share of all transitions (0 to 1), plus what keeps the map connected",
        DefaultValueFactory = _ => 1.0,
    };

    private static readonly Option<EdgeLabel> Label = new("--edge-label")
    {
        Description = "With --format svg: label the edges with their frequency (default) or mean duration",
        DefaultValueFactory = _ => EdgeLabel.Frequency,
    };

    private static readonly Option<int> Top = new("--top") { Description = "How many variants to list", DefaultValueFactory = _ => 20 };

    public static Command ProcessMapCommand(CliContext context)
    {
        var command = new Command("process-map", "Directly-follows graph over journeys: node and edge frequency, cases, durations, start and end touchpoints");
        AnalysisRun.AddOptions(command, context);
        command.Options.Add(Clock);
        command.Options.Add(Share);
        command.Options.Add(Label);
        command.SetAction(parse =>
        {
            var (clock, share, label) = (parse.GetValue(Clock), parse.GetValue(Share), parse.GetValue(Label));
            return AnalysisRun.Run(context, parse, scope =>
            {
                var map = ProcessMap.Compute(scope.Engine, clock);
                return share < 1 ? ProcessMapSimplifier.Simplify(map, share) : map;
            }, MapTables, map => ProcessMapChart.Render(map, label));
        });
        return command;
    }

    internal static DataTable[] MapTables(ProcessMapResult map)
    {

        var edges = new DataTable($"Process map: {map.Journeys:N0} journeys", ["from", "to", "frequency", "cases", "mean s", "median s", "min s", "max s", "p90 s"],
            map.Edges.Select(e => (IReadOnlyList<string>)[e.From, e.To, Show.Number(e.Frequency), Show.Number(e.Cases),
                    Seconds(e.Duration.Mean), Seconds(e.Duration.Median), Seconds(e.Duration.Min), Seconds(e.Duration.Max), Seconds(e.Duration.P90)]).ToList())
        { NumericColumns = new HashSet<int> { 2, 3, 4, 5, 6, 7, 8 } };
        var nodes = new DataTable("Touchpoints", ["touchpoint", "events", "starts", "ends"],
            map.Nodes.Select(n => (IReadOnlyList<string>)[n.Name, Show.Number(n.Frequency), Show.Number(map.Start.GetValueOrDefault(n.Name)), Show.Number(map.End.GetValueOrDefault(n.Name))]).ToList())
        { NumericColumns = new HashSet<int> { 1, 2, 3 } };
        return [edges, nodes];
    }

    public static Command VariantsCommand(CliContext context)
    {
        var command = new Command("variants", "Distinct full touchpoint sequences of the journeys, most common first, with share, mean duration and mean NPS");
        AnalysisRun.AddOptions(command, context);
        command.Options.Add(Top);
        command.SetAction(parse =>
        {
            var top = parse.GetValue(Top);
            if (top is < 1 or > 100_000)
            {
                throw new UsageException($"--top {top}: expected 1 to 100000");
            }

            return AnalysisRun.Run(context, parse, scope => Variants.Compute(scope.Engine, top), result => [VariantTable(result)]);
        });
        return command;
    }

    private static DataTable VariantTable(VariantsResult result)
    {
        var table = new DataTable($"Variants: {result.Distinct:N0} distinct over {result.Total:N0} journeys", ["#", "journeys", "share", "mean duration s", "mean NPS", "sequence"],
            result.Variants.Select((v, i) => (IReadOnlyList<string>)[Show.Number(i + 1), Show.Number(v.Count), v.Share.ToString("0.00%", CultureInfo.InvariantCulture),
                    Seconds(v.MeanDurationSeconds), v.MeanNps is { } nps ? nps.ToString("0.0", CultureInfo.InvariantCulture) : "", string.Join(" → ", v.Sequence)]).ToList())
        { NumericColumns = new HashSet<int> { 0, 1, 2, 3, 4 } };
        return table;
    }

    private static string Seconds(double s) => s.ToString("0.###", CultureInfo.InvariantCulture);
}
