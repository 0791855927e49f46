using System.CommandLine;
using System.Globalization;
using JourneyLens.Cli.Output;
using JourneyLens.Core.Experience;
using JourneyLens.Core.Improvement;
using JourneyLens.Maps.Binding;
using static JourneyLens.Cli.Commands.ExperienceOptions;
using JourneyLens.Core.Analyses;

namespace JourneyLens.Cli.Commands;

/// <summary><c>journeylens map bind</c>: a map's steps with the figures of the data behind them, and the pain points ranked.</summary>
public static class MapBindCommand
{
    public static readonly Argument<string> MapArgument = new("map") { Description = "A map YAML file, or the id of a map saved in the workspace" };
    public static readonly Option<string?> ViewLens = new("--lens") { Description = "View the map through another lens: steps regrouped into that lens's phases" };
    public static readonly Option<string?> LongWait = new("--long-wait") { Description = "Also look for waits between touchpoints of one phase with a median of at least this, e.g. 30m (a map's steps say theirs with max_wait)" };

    public static Command Create(CliContext context)
    {
        var command = new Command("bind", "Bind a map to the data: per step volume, reach, drop-off, wait, scores and measured emotion; coverage; pain points by impact");
        command.Arguments.Add(MapArgument);
        AddOptions(command);
        command.SetAction(parse =>
        {
            using var scope = MapScope.Open(parse);
            var bound = scope.Bind(scope.Load(parse.GetValue(MapArgument)!));
            new OutputWriter(context.Out, parse.GetValue(CommonOptions.Format)).Write(bound, Tables(bound));
            return ExitCode.Ok;
        });
        return command;
    }

    public static void AddOptions(Command command)
    {
        CommonOptions.AddAnalysisOptions(command);
        foreach (var option in new Option[] { ViewLens, LongWait, MinAnswers })
        {
            command.Options.Add(option);
        }
    }

    public static PainRules Rules(ParseResult parse) =>
        PainRules.Default with
        {
            LongWaitSeconds = parse.GetValue(LongWait) is { } wait ? FunnelCommand.ParseWindow(wait, "--long-wait").TotalSeconds : null,
            MinCases = MinAnswersOf(parse),
        };

    public static DataTable[] Tables(BoundMap b) =>
    [
        new DataTable(string.Create(CultureInfo.InvariantCulture,
                $"'{b.Map.Title}' bound to {b.Journeys:N0} journeys of {b.Persons:N0} persons ({b.Lens} lens): coverage {b.Coverage:P0}, {b.Steps.Count(s => s.Measured)} of {b.Steps.Count} steps measured"),
            ["phase", "step", "journeys", "reach", "drop-off [95%]", "to", "median wait", "scores", "emotion: research", "emotion: data", "pains", "status"],
            b.Steps.Select(s => (IReadOnlyList<string>)[s.Phase, s.Step.Title + (s.Step.IsTouchpoint ? "" : " (not a touchpoint)"), Show.Number(s.Journeys), Show.Percent(s.Reach.Value),
                s.DropOff is { } d ? Rate(d) : "", s.Next ?? "", s.Wait is { } w ? DurationText.Format(w.Median) : "",
                string.Join("; ", s.Scores.Select(f => $"{Name(f.Type)} {Show.Score(f)}")),
                s.Step.Emotion is { } e ? e.Value.ToString("+0;-0;0", CultureInfo.InvariantCulture) : "",
                s.MeasuredEmotion is { } m ? $"{m.Value:+0.0;-0.0;0.0} [{m.Low:+0.0;-0.0;0.0}, {m.High:+0.0;-0.0;0.0}]" : "",
                Show.Number(s.Pains.Count), s.Unmeasured is null ? "measured" : $"unmeasured: {s.Unmeasured}"]).ToList())
        { NumericColumns = new HashSet<int> { 2, 3 } },
        new DataTable("The map's metrics over the scope", ["metric", "value [95% interval]"],
            b.Metrics.Select(m => (IReadOnlyList<string>)[m.Metric, Rendering.Maps.MapChart.MetricText(m)]).ToList()),
        PainTable("Pain points by impact (customers affected × severity)", b.Pains),
        OpportunitiesCommand.PainTable("Found in the data at touchpoints no step binds", b.Unattached),
    ];

    public static DataTable PainTable(string title, IReadOnlyList<RankedPain> pains) =>
        new(title, ["source", "step", "kind", "pain point", "customers", "severity", "impact", "evidence"],
            pains.Select(p => (IReadOnlyList<string>)[p.Source, p.Step, p.Kind, p.Title, Show.Number(p.CustomersAffected), Show.Number(p.Severity), Show.Number(p.Impact), p.Evidence]).ToList())
        { NumericColumns = new HashSet<int> { 4, 5, 6 } };
}
